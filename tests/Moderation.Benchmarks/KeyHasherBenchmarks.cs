using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Moderation.Server.Storage;

namespace Moderation.Benchmarks;

/// <summary>
/// The keyed hashes a submission takes (its IP, its email, its fingerprint): <see cref="KeyHasher"/> against the
/// one-shot <see cref="HMACSHA256.HashData(byte[], ReadOnlySpan{byte}, Span{byte})"/> it replaced.
/// </summary>
[MemoryDiagnoser]
public class KeyHasherBenchmarks
{
    private const string Email = "ada.lovelace@example.org";

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private KeyHasher _hasher = null!;

    [GlobalSetup]
    public void Setup() => _hasher = new KeyHasher(_key);

    [Benchmark(Baseline = true)]
    public string OneShot()
    {
        Span<byte> hash = stackalloc byte[32];
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(Email), hash);
        return Convert.ToHexStringLower(hash[..16]);
    }

    [Benchmark]
    public string KeyHasherOf() => _hasher.Of(Email);
}
