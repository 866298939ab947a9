using Moderation.Server.Storage;

namespace Moderation.UnitTests.Server.Storage;

public sealed class RedisKeysTests
{
    // Key names are stored data: records written by an earlier version must still be found.
    [Fact]
    public void SiteKeys_KeepTheirNames()
    {
        Assert.Equal("{s:site-1}:c:0123", RedisKeys.Comment("site-1", "0123").ToString());
        Assert.Equal("{s:site-1}:q:pending", RedisKeys.PendingQueue("site-1").ToString());
        Assert.Equal("{s:site-1}:idx:2", RedisKeys.Index("site-1", 2).ToString());
        Assert.Equal("{s:site-1}:stats:20261126", RedisKeys.DailyStats("site-1", new DateTimeOffset(2026, 11, 25, 23, 0, 0, TimeSpan.FromHours(-1))).ToString());
        Assert.Equal("{s:site-1}:events", RedisKeys.EventsChannelName("site-1"));
    }

    [Fact]
    public void HashOf_IsTheFirstHalfOfSha256_InLowercaseHex() =>
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223", RedisKeys.HashOf("abc"));

    // Stored fingerprints were hashes of the joined text; the hash of the lines must not change them.
    [Theory]
    [InlineData("post-1", "Ada", "ada@example.org", "Great article.")]
    [InlineData("", "", "", "")]
    [InlineData("p", "Zoë\uD83D", "", "¡Me encanta esta canción! 😀 \uFEFF")]
    [InlineData("post-2", "Grace", "grace@example.org", null)]
    public void HashOfLines_EqualsTheHashOfTheJoinedText(string post, string name, string email, string? content)
    {
        // A long text takes the pooled-buffer path; a lone surrogate at a line's end is encoded the same either way.
        content ??= string.Concat(Enumerable.Repeat("Lorem ipsum dolor sit amet, ", 60)) + "\uD83D";

        Assert.Equal(RedisKeys.HashOf(string.Join('\n', post, name, email, content)), RedisKeys.HashOfLines(post, name, email, content));
    }
}
