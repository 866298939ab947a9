using Microsoft.Extensions.DependencyInjection;
using Moderation.Contracts.V1;
using Moderation.IntegrationTests.Infrastructure;
using Moderation.Server.Storage;
using StackExchange.Redis;
using StackExchange.Redis.Profiling;

namespace Moderation.IntegrationTests.Storage;

/// <summary>Runs alone on its own redis-server, so the server's command counters see only this class's traffic.</summary>
public sealed class RedisCostTests(ServiceFixture fixture) : IClassFixture<ServiceFixture>, IDisposable
{
    [Fact]
    public async Task Submit_OfAHeldComment_CostsExactlyOneRedisCommand()
    {
        var site = await fixture.CreateSiteAsync();
        await site.SubmitAsync(Comments.Clean());
        var redis = fixture.App.Services.GetRequiredService<IConnectionMultiplexer>();
        var session = new ProfilingSession();
        redis.RegisterProfiler(() => session);
        await fixture.RedisServer.ConfigResetStatisticsAsync();

        var response = await site.SubmitAsync(Comments.Clean("Two links: https://a.example and https://b.example"));

        redis.RegisterProfiler(() => null);
        Assert.Equal(Verdict.Pending, response.Assessment.Verdict);
        var sent = session.FinishProfiling().Select(c => c.Command).Where(c => c is not ("PING" or "ECHO")).ToList();
        // By its hash: the script text is not resent, and the client does not look it up by its text.
        Assert.Equal("EVALSHA", Assert.Single(sent));
        var calls = await CommandCallsAsync();
        Assert.Equal(1, calls["evalsha"]);
        Assert.False(calls.ContainsKey("eval"));
    }

    [Fact]
    public async Task Submit_AfterRedisForgotTheScript_StoresTheCommentAndGoesBackToTheHash()
    {
        var site = await fixture.CreateSiteAsync();
        await site.SubmitAsync(Comments.Clean());
        // What a Redis restart looks like to the client: scripts are not persisted.
        await fixture.RedisServer.ScriptFlushAsync();

        var first = await site.SubmitAsync(Comments.Clean("First after the flush, with https://a.example and https://b.example"));
        Assert.True(await fixture.RedisServer.ScriptExistsAsync(RedisScript.Load("submit", typeof(SubmitStatus)).Sha1), "the refused hash made the call load the text");
        var second = await site.SubmitAsync(Comments.Clean("Second after the flush, with https://a.example and https://b.example"));

        Assert.Equal(Verdict.Pending, first.Assessment.Verdict);
        Assert.Equal(CommentStatus.Pending, (await site.GetAsync(first.CommentId)).Status);
        Assert.Equal(Verdict.Pending, second.Assessment.Verdict);
        Assert.Equal(CommentStatus.Pending, (await site.GetAsync(second.CommentId)).Status);
    }

    [Fact]
    public async Task Submit_LeavesNothingThatGrowsWithoutBound()
    {
        var site = await fixture.CreateSiteAsync();
        // Concurrently, so that some key is created by a comment that is not the first of its millisecond.
        await Task.WhenAll(Enumerable.Range(0, 10).SelectMany(i => new[]
        {
            site.SubmitAsync(Comments.Clean()),
            site.SubmitAsync(Comments.Clean($"Links https://a.example/{i} and https://b.example")),
            site.SubmitAsync(Honeypot()),
        }));

        var keys = fixture.RedisServer.Keys(pattern: $"{{s:{site.SiteId}}}:*").Select(k => k.ToString()).ToList();
        var trimmedStreams = new[] { RedisKeys.PendingQueue(site.SiteId), RedisKeys.SpamQueue(site.SiteId), RedisKeys.Decisions(site.SiteId) }.Select(k => k.ToString()).ToHashSet();
        var settings = RedisKeys.Site(site.SiteId).ToString();

        Assert.Contains(keys, k => k.Contains(":c:", StringComparison.Ordinal));
        foreach (var key in keys.Where(k => !trimmedStreams.Contains(k) && k != settings))
        {
            Assert.True((await fixture.Db.KeyTimeToLiveAsync(key)).HasValue, $"{key} has no expiry");
        }
    }

    private static CommentSubmission Honeypot()
    {
        var comment = Comments.Clean();
        comment.HoneypotValue = "bot";
        return comment;
    }

    private async Task<Dictionary<string, long>> CommandCallsAsync()
    {
        var info = await fixture.RedisServer.InfoAsync("commandstats");
        var calls = new Dictionary<string, long>();
        foreach (var pair in info.SelectMany(g => g))
        {
            // cmdstat_evalsha => calls=1,usec=...
            var name = pair.Key.Replace("cmdstat_", "", StringComparison.Ordinal);
            var count = long.Parse(pair.Value.Split(',')[0].Split('=')[1], System.Globalization.CultureInfo.InvariantCulture);
            calls[name] = count;
        }
        return calls;
    }

    public void Dispose() => Assert.Empty(fixture.LoggedErrors);
}
