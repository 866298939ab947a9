using Moderation.Server.Storage;

namespace Moderation.UnitTests.Server.Storage;

public sealed class StoragePolicyTests
{
    [Theory]
    [InlineData(15, 10, false)] // at most 4 comments a minute pass a 15 s flood check
    [InlineData(15, 3, true)]
    [InlineData(5, 10, true)]
    [InlineData(0, 10, true)]
    [InlineData(0, 0, false)]
    public void RateLimit_IsOnlyCountedWhenTheFloodCheckCannotEnforceIt(int floodSeconds, int perMinute, bool reachable)
    {
        var policy = new StoragePolicy(TimeSpan.FromDays(1), TimeSpan.FromDays(1), TimeSpan.FromSeconds(floodSeconds), perMinute, 1);

        Assert.Equal(reachable, policy.RateLimitIsReachable);
    }
}
