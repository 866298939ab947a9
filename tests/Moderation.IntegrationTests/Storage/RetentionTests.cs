using Moderation.Contracts.V1;
using Moderation.IntegrationTests.Infrastructure;
using Moderation.Server.Storage;
using StackExchange.Redis;

namespace Moderation.IntegrationTests.Storage;

public sealed class RetentionTests(ServiceFixture fixture) : IClassFixture<ServiceFixture>, IDisposable
{
    [Fact]
    public async Task NothingOutlivesTheSitesRetention()
    {
        var site = await fixture.CreateSiteAsync(new SiteSettings { ModerationMode = ModerationMode.All, FloodSeconds = 0, RetentionDays = 2, SpamRetentionDays = 1 });
        var s = site.SiteId;
        var retention = TimeSpan.FromDays(2);
        var spamRetention = TimeSpan.FromDays(1);
        var streams = new Dictionary<string, TimeSpan>
        {
            [RedisKeys.PendingQueue(s)!] = retention,
            [RedisKeys.SpamQueue(s)!] = spamRetention,
            [RedisKeys.Decisions(s)!] = StoragePolicy.DecisionRetention,
            // Labeled examples follow the site's retention for comments.
            [RedisKeys.ExamplesOf(s)!] = retention,
        };
        // What a long-running site holds: entries just past each retention, in every stream and index.
        foreach (var (stream, keep) in streams)
        {
            await fixture.Db.StreamAddAsync(stream, "c", "old", messageId: $"{DateTimeOffset.UtcNow.Add(-keep - TimeSpan.FromHours(1)).ToUnixTimeMilliseconds()}-0");
        }
        foreach (var status in new[] { 1, 2, 3, 5 })
        {
            var keep = status == 3 ? spamRetention : retention;
            await fixture.Db.SortedSetAddAsync(RedisKeys.Index(s, status), "old", DateTimeOffset.UtcNow.Add(-keep - TimeSpan.FromHours(1)).ToUnixTimeMilliseconds() * 1000d);
        }

        var ids = await site.SubmitPendingAsync(5);
        var alice = await site.ModeratorAsync();
        await alice.DecideAsync(ids[0], ModerationAction.Approve);
        await alice.DecideAsync(ids[1], ModerationAction.Reject);
        await alice.DecideAsync(ids[2], ModerationAction.Spam);
        await alice.DecideAsync(ids[3], ModerationAction.Spam);
        await alice.DecideAsync(ids[3], ModerationAction.NotSpam);
        await alice.ClaimAsync(1);

        var now = DateTimeOffset.UtcNow;
        var keys = fixture.RedisServer.Keys(pattern: $"{{s:{s}}}:*").Select(k => (string)k!).ToList();
        Assert.Contains(keys, k => k.Contains(":idx:", StringComparison.Ordinal));
        foreach (var key in keys.Where(k => k != RedisKeys.Site(s)))
        {
            if (streams.TryGetValue(key, out var keep))
            {
                var oldest = await fixture.Db.StreamRangeAsync(key, "-", "+", 1);
                var oldestMs = long.Parse(((string)oldest[0].Id!).Split('-')[0], System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(DateTimeOffset.FromUnixTimeMilliseconds(oldestMs) > now - keep, $"{key} keeps an entry older than {keep.TotalDays} days");
                continue;
            }
            var ttl = await fixture.Db.KeyTimeToLiveAsync(key);
            Assert.True(ttl.HasValue, $"{key} has no expiry");
            Assert.True(ttl <= MaxLifetime(key, retention, spamRetention), $"{key} lives {ttl}");
            if (key.Contains(":idx:", StringComparison.Ordinal))
            {
                var first = await fixture.Db.SortedSetRangeByRankWithScoresAsync(key, 0, 0);
                Assert.NotEqual("old", (string)first[0].Element!);
            }
        }
    }

    private TimeSpan MaxLifetime(string key, TimeSpan retention, TimeSpan spamRetention) => key switch
    {
        _ when key.Contains(":c:", StringComparison.Ordinal) =>
            fixture.Db.HashGet(key, "st") == "3" ? spamRetention : retention,
        _ when key.EndsWith(":idx:3", StringComparison.Ordinal) => spamRetention,
        _ when key.Contains(":idx:", StringComparison.Ordinal) || key.Contains(":dup:", StringComparison.Ordinal) => retention,
        _ when key.Contains(":author:", StringComparison.Ordinal) || key.Contains(":rep:", StringComparison.Ordinal) => StoragePolicy.AuthorRetention,
        _ when key.Contains(":stats:", StringComparison.Ordinal) => StoragePolicy.StatsRetention,
        _ when key.Contains(":campaign:", StringComparison.Ordinal) => 2 * Moderation.Core.Sites.SitePolicy.Default.CampaignWindow,
        _ when key.Contains(":rate:", StringComparison.Ordinal) || key.Contains(":flood:", StringComparison.Ordinal) => TimeSpan.FromMinutes(1),
        _ => throw new Xunit.Sdk.XunitException($"{key}: a key this test does not know; give it a retention"),
    };

    public void Dispose() => Assert.True(fixture.LoggedErrors.Count == 0, string.Join("\n", fixture.LoggedErrors));
}
