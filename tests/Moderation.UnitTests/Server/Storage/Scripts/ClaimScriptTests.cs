using Moderation.Server.Storage;
using StackExchange.Redis;

namespace Moderation.UnitTests.Server.Storage.Scripts;

/// <summary>claim.lua and release.lua run on their own against a real redis-server.</summary>
public sealed class ClaimScriptTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private const string Group = "moderators";
    private const long MaxLeaseMs = 3_600_000;
    private static readonly RedisScript Claim = RedisScript.Load("claim");
    private static readonly RedisScript Release = RedisScript.Load("release");
    private readonly RedisKey _queue = RedisFixture.NewPrefix() + "queue";

    [Fact]
    public async Task AClaimedEntry_IsHiddenFromColleagues_UntilReleased()
    {
        var entries = await QueueAsync("c1", "c2");

        var mine = await ClaimAsync("me", 10, leaseMs: 60_000);
        var theirs = await ClaimAsync("colleague", 10, leaseMs: 60_000);
        var released = (int)await Release.EvaluateAsync(redis.Db, Release.NewCall()
            .Key("queue", _queue).Arg("group", Group).Arg("consumer", "me").Arg("entries", $"[[\"{entries[0]}\",\"c1\"]]")
            .Arg("maxLeaseMs", MaxLeaseMs).Arg("status", "2").Arg("events", "events"));
        var afterRelease = await ClaimAsync("colleague", 10, leaseMs: 60_000);

        Assert.Equal(["c1", "c2"], mine.Comments);
        Assert.InRange(mine.LeaseEndsMs - DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 50_000, 61_000);
        Assert.Empty(theirs.Comments);
        Assert.Equal(1, released);
        Assert.Equal(["c1"], afterRelease.Comments);
    }

    [Fact]
    public async Task AnExpiredLease_ReturnsTheEntryToTheQueue()
    {
        await QueueAsync("c1");
        await ClaimAsync("me", 1, leaseMs: 1);
        await Task.Delay(20);

        var colleague = await ClaimAsync("colleague", 1, leaseMs: 60_000);

        Assert.Equal(["c1"], colleague.Comments);
    }

    [Fact]
    public async Task AClaim_TakesNoMoreThanAskedFor()
    {
        await QueueAsync("c1", "c2", "c3");

        Assert.Equal(["c1", "c2"], (await ClaimAsync("me", 2, leaseMs: 60_000)).Comments);
    }

    private async Task<List<string>> QueueAsync(params string[] commentIds)
    {
        await redis.Db.StreamCreateConsumerGroupAsync(_queue, Group, StreamPosition.Beginning, createStream: true);
        var ids = new List<string>();
        foreach (var id in commentIds)
        {
            ids.Add((string)(await redis.Db.StreamAddAsync(_queue, "c", id))!);
        }
        return ids;
    }

    private async Task<(long LeaseEndsMs, List<string> Comments)> ClaimAsync(string consumer, int count, long leaseMs)
    {
        var result = (RedisResult[])(await Claim.EvaluateAsync(redis.Db, Claim.NewCall()
            .Key("queue", _queue).Arg("group", Group).Arg("consumer", consumer).Arg("count", count)
            .Arg("leaseMs", leaseMs).Arg("maxLeaseMs", MaxLeaseMs).Arg("status", "2").Arg("events", "events")))!;
        var comments = new List<string>();
        for (var i = 2; i < result.Length; i += 2)
        {
            comments.Add((string)result[i]!);
        }
        return (long.Parse((string)result[0]!, System.Globalization.CultureInfo.InvariantCulture), comments);
    }
}
