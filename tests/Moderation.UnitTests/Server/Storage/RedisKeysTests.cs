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
}
