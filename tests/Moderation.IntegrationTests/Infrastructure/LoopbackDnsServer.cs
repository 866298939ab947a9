using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Moderation.IntegrationTests.Infrastructure;

/// <summary>
/// A tiny authoritative DNS server on a loopback UDP port, for the mail server check: answers MX and A queries
/// from a fixed table, NXDOMAIN for unknown names, and never answers names listed as silent.
/// </summary>
public sealed class LoopbackDnsServer : IAsyncDisposable
{
    private const ushort TypeA = 1;
    private const ushort TypeMx = 15;

    private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _queries;

    public LoopbackDnsServer()
    {
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>Names with their mail exchanges ("." for a null MX).</summary>
    public Dictionary<string, string[]> Mx { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Names with an address and no MX: mail goes to the address.</summary>
    public HashSet<string> Addresses { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Names that exist with no records at all.</summary>
    public HashSet<string> Empty { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Names whose queries are never answered.</summary>
    public HashSet<string> Silent { get; } = new(StringComparer.OrdinalIgnoreCase);

    public string Endpoint => ((IPEndPoint)_socket.Client.LocalEndPoint!).ToString();

    public int Queries => Volatile.Read(ref _queries);

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult request;
            try
            {
                request = await _socket.ReceiveAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            Interlocked.Increment(ref _queries);
            if (Answer(request.Buffer) is { } response)
            {
                await _socket.SendAsync(response, request.RemoteEndPoint);
            }
        }
    }

    private byte[]? Answer(byte[] query)
    {
        // Header (12 bytes), then one question: labels, type, class.
        var labels = new List<string>();
        var offset = 12;
        while (query[offset] != 0)
        {
            labels.Add(Encoding.ASCII.GetString(query, offset + 1, query[offset]));
            offset += query[offset] + 1;
        }
        var questionEnd = offset + 5;
        var name = string.Join('.', labels);
        var type = BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(offset + 1));
        if (Silent.Contains(name))
        {
            return null;
        }

        var answers = new List<byte[]>();
        var known = Mx.ContainsKey(name) || Addresses.Contains(name) || Empty.Contains(name);
        if (type == TypeMx && Mx.TryGetValue(name, out var exchanges))
        {
            answers.AddRange(exchanges.Select(e => Record(TypeMx, [0, 10, .. EncodeName(e)])));
        }
        else if (type == TypeA && Addresses.Contains(name))
        {
            answers.Add(Record(TypeA, [192, 0, 2, 25]));
        }

        var response = new List<byte>();
        response.AddRange(query.AsSpan(0, 2).ToArray());               // id
        response.AddRange([0x84, (byte)(0x00 | (known ? 0 : 3))]);     // answer, authoritative; NXDOMAIN when unknown
        response.AddRange([0, 1, 0, (byte)answers.Count, 0, 0, 0, 0]); // one question, the answers, nothing else
        response.AddRange(query.AsSpan(12, questionEnd - 12).ToArray());
        foreach (var answer in answers)
        {
            response.AddRange(answer);
        }
        return [.. response];
    }

    // A record for the question's name (a pointer to offset 12), class IN, TTL 300.
    private static byte[] Record(ushort type, byte[] data) =>
        [0xC0, 12, (byte)(type >> 8), (byte)type, 0, 1, 0, 0, 1, 44, (byte)(data.Length >> 8), (byte)data.Length, .. data];

    private static byte[] EncodeName(string name)
    {
        var bytes = new List<byte>();
        foreach (var label in name.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(label));
        }
        bytes.Add(0);
        return [.. bytes];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        await _loop;
        _stop.Dispose();
    }
}
