using System.Net;
using System.Net.Sockets;

namespace Moderation.Core.Privacy;

/// <summary>
/// What an explanation may show of a list entry that matched: enough to tell which entry it was, never a
/// person's whole email address or IP. A domain, or a range wider than a /24 (IPv4) or /48 (IPv6), is shown
/// as it is; an address is masked to its first letter and domain, an IP to its /24 or /48.
/// </summary>
public static class Masking
{
    public const string Hidden = "•••";

    public static string EmailEntry(string entry)
    {
        var at = entry.LastIndexOf('@');
        return at <= 0 ? entry : string.Concat(entry.AsSpan(0, char.IsHighSurrogate(entry[0]) && at > 1 ? 2 : 1), Hidden, entry.AsSpan(at));
    }

    public static string IpRange(IPNetwork network)
    {
        var widest = network.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 24 : 48;
        return network.PrefixLength <= widest ? network.ToString() : new IPNetwork(Truncate(network.BaseAddress, widest), widest).ToString();
    }

    private static IPAddress Truncate(IPAddress address, int prefixLength)
    {
        var bytes = address.GetAddressBytes();
        for (var bit = prefixLength; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }
        return new IPAddress(bytes);
    }
}
