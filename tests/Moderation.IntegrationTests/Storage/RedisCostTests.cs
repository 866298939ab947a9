using Moderation.Contracts.V1;
using Moderation.IntegrationTests.Infrastructure;
using Moderation.Server.Storage;
using Microsoft.Extensions.DependencyInjection;
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
        // The client profiles the logical command (EVAL); the server shows it went out as EVALSHA, script text not resent.
        Assert.Equal("EVAL", Assert.Single(sent));
        var calls = await CommandCallsAsync();
        Assert.Equal(1, calls["evalsha"]);
        Assert.False(calls.ContainsKey("eval"));
    }

    [Fact]
    public async Task Submit_AfterRedisForgotTheScript_StoresTheCommentAndGoesBackToTheHash()
    {
        var site = await fixture.CreateSiteAsync();
        await site.SubmitAsync(Comments.Clean());
        // What a Redis restart without persistence of scripts looks like to the client.
        await fixture.RedisServer.ScriptFlushAsync();
        await fixture.RedisServer.ConfigResetStatisticsAsync();

        var first = await site.SubmitAsync(Comments.Clean("First after the flush, with https://a.example and https://b.example"));
        var afterFirst = await CommandCallsAsync();
        var second = await site.SubmitAsync(Comments.Clean("Second after the flush, with https://a.example and https://b.example"));
        var afterSecond = await CommandCallsAsync();

        Assert.Equal(Verdict.Pending, first.Assessment.Verdict);
        Assert.Equal(CommentStatus.Pending, (await site.GetAsync(first.CommentId)).Status);
        Assert.Equal(Verdict.Pending, second.Assessment.Verdict);
        // The refused hash made the first one go out as text, which loaded the script again; the second uses the hash.
        Assert.True(afterFirst.GetValueOrDefault("eval") >= 1, "the first submission after the flush sends the text");
        Assert.Equal(afterFirst.GetValueOrDefault("eval"), afterSecond.GetValueOrDefault("eval"));
        Assert.Equal(afterFirst.GetValueOrDefault("evalsha") + 1, afterSecond.GetValueOrDefault("evalsha"));
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
