using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Moderation.Server.Storage;

namespace Moderation.UnitTests.Server.Storage;

public sealed class KeyHasherTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(0, 32).Select(i => (byte)(i * 7))];

    [Fact]
    public void Of_IsTheFirstHalfOfHmacSha256_InLowercaseHex_AfterAk()
    {
        var expected = "k" + Convert.ToHexStringLower(HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes("198.51.100.7"))[..16]);

        Assert.Equal(expected, new KeyHasher(Key).Of("198.51.100.7"));
    }

    // The point of the key: whoever reads Redis cannot try every IPv4 address against a key name.
    [Fact]
    public void Of_DependsOnTheKey_AndIsNotThePlainSha256()
    {
        var other = Key.Select(b => (byte)(b ^ 1)).ToArray();
        var plain = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("198.51.100.7"))[..16]);

        Assert.NotEqual(new KeyHasher(Key).Of("198.51.100.7"), new KeyHasher(other).Of("198.51.100.7"));
        Assert.DoesNotContain(plain, new KeyHasher(Key).Of("198.51.100.7"), StringComparison.Ordinal);
    }

    [Fact]
    public void AKeyShorterThan32Bytes_IsRefused() =>
        Assert.Throws<ArgumentException>(() => new KeyHasher(new byte[31]));

    // Stored fingerprints are hashes of the joined text; the hash of the lines must not change them.
    [Theory]
    [InlineData("post-1", "Ada", "ada@example.org", "Great article.")]
    [InlineData("", "", "", "")]
    [InlineData("p", "Zoë\uD83D", "", "¡Me encanta esta canción! 😀 \uFEFF")]
    [InlineData("post-2", "Grace", "grace@example.org", null)]
    public void OfLines_EqualsTheHashOfTheJoinedText(string post, string name, string email, string? content)
    {
        // A long text takes the pooled-buffer path; a lone surrogate at a line's end is encoded the same either way.
        content ??= string.Concat(Enumerable.Repeat("Lorem ipsum dolor sit amet, ", 60)) + "\uD83D";
        var hasher = new KeyHasher(Key);

        Assert.Equal(hasher.Of(string.Join('\n', post, name, email, content)), hasher.OfLines(post, name, email, content));
    }

    [Fact]
    public void WithoutAConfiguredKey_OneIsGeneratedIntoItsFile_AndReadBackNextTime()
    {
        var folder = Path.Combine(Path.GetTempPath(), "moderation-key-" + Guid.NewGuid().ToString("N")[..8]);
        var options = new HashingOptions { KeyFile = Path.Combine(folder, "data", "hash.key") };
        try
        {
            var first = HashingKey.Resolve(options, NullLogger.Instance);
            var second = HashingKey.Resolve(options, NullLogger.Instance);

            Assert.Equal(32, first.Length);
            Assert.Equal(first, second);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(options.KeyFile));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("c2hvcnQ=")]
    public void AConfiguredKeyThatIsNotBase64OfEnoughBytes_StopsTheStart_WithWhatToDo(string key)
    {
        var error = Assert.Throws<InvalidOperationException>(() => HashingKey.Resolve(new HashingOptions { Key = key }, NullLogger.Instance));

        Assert.Contains("Hashing:Key", error.Message, StringComparison.Ordinal);
    }
}
