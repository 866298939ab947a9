using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Moderation.Server.Storage;

/// <summary>
/// The hash of personal data (emails, IPs, a commenter's fingerprint) that key names and records hold: HMAC-SHA256
/// with the service's secret key, its first 16 bytes in lowercase hex after a "k". Unkeyed, an IPv4 address was
/// recovered from its key by trying all 2^32; without the key there is nothing to try. Hashes written before keys
/// were keyed are 32 hex digits with no "k" (docs/privacy.md has the migration).
/// </summary>
public sealed class KeyHasher
{
    public const int MinKeyBytes = 32;

    private readonly byte[] _key;

    public KeyHasher(byte[] key)
    {
        if (key.Length < MinKeyBytes)
        {
            throw new ArgumentException($"A hashing key has at least {MinKeyBytes} bytes.", nameof(key));
        }
        _key = key.ToArray();
    }

    public string Of(ReadOnlySpan<char> value) => Hash(value, [], [], [], joined: false);

    /// <summary>The unkeyed hash earlier versions wrote (the first 16 bytes of SHA-256, hex), for erasing what they left.</summary>
    public static string Unkeyed(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value))[..16]);

    /// <summary>
    /// The hash of the four lines joined with '\n', encoded straight into one buffer: the joined text of a 1 KB
    /// comment would be a 2 KB string per submission.
    /// </summary>
    public string OfLines(ReadOnlySpan<char> first, ReadOnlySpan<char> second, ReadOnlySpan<char> third, ReadOnlySpan<char> fourth) =>
        Hash(first, second, third, fourth, joined: true);

    private string Hash(ReadOnlySpan<char> first, ReadOnlySpan<char> second, ReadOnlySpan<char> third, ReadOnlySpan<char> fourth, bool joined)
    {
        var max = Encoding.UTF8.GetMaxByteCount(first.Length + second.Length + third.Length + fourth.Length) + 3;
        byte[]? rented = null;
        var bytes = max <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(max));
        var length = Encoding.UTF8.GetBytes(first, bytes);
        if (joined)
        {
            length += NextLine(second, bytes[length..]);
            length += NextLine(third, bytes[length..]);
            length += NextLine(fourth, bytes[length..]);
        }
        Span<byte> hash = stackalloc byte[32];
        var hmac = ThreadHmac();
        try
        {
            hmac.AppendData(bytes[..length]);
            hmac.GetHashAndReset(hash);
        }
        catch
        {
            // A failure may leave input in it; the next hash on this thread starts from a new one.
            t_hmac = null;
            hmac.Dispose();
            throw;
        }
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
        Span<char> chars = stackalloc char[33];
        chars[0] = 'k';
        Convert.TryToHexStringLower(hash[..16], chars[1..], out _);
        return new string(chars);
    }

    // One HMAC per thread and key, reset after each hash: the one-shot HashData looks the algorithm up and sets
    // the key up again on every call, which took ~4 % of a submission's CPU for three hashes of a few dozen bytes.
    [ThreadStatic]
    private static (byte[] Key, IncrementalHash Hmac)? t_hmac;

    private IncrementalHash ThreadHmac()
    {
        if (t_hmac is { } cached && ReferenceEquals(cached.Key, _key))
        {
            return cached.Hmac;
        }
        t_hmac?.Hmac.Dispose();
        var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        t_hmac = (_key, hmac);
        return hmac;
    }

    private static int NextLine(ReadOnlySpan<char> line, Span<byte> destination)
    {
        destination[0] = (byte)'\n';
        return 1 + Encoding.UTF8.GetBytes(line, destination[1..]);
    }
}
