using System.Net;

namespace Moderation.Core.Sites;

/// <summary>IP addresses and CIDR ranges, IPv4 and IPv6.</summary>
public sealed class IpList
{
    public static IpList Empty { get; } = new([]);

    private readonly IPNetwork[] _networks;

    public IpList(IEnumerable<string> entries)
    {
        var networks = new List<IPNetwork>();
        foreach (var raw in entries)
        {
            if (TryParseEntry(raw, out var network))
            {
                networks.Add(network);
            }
        }
        _networks = [.. networks];
    }

    public bool IsEmpty => _networks.Length == 0;

    public static bool TryParseEntry(string raw, out IPNetwork network)
    {
        var entry = raw.Trim();
        if (IPNetwork.TryParse(entry, out network))
        {
            return true;
        }
        if (IPAddress.TryParse(entry, out var address))
        {
            network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }
        return false;
    }

    /// <summary>The range that contains the address, or null.</summary>
    public IPNetwork? Match(IPAddress? address)
    {
        if (address is null)
        {
            return null;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        foreach (var network in _networks)
        {
            if (network.Contains(address))
            {
                return network;
            }
        }
        return null;
    }
}
