using Moderation.Contracts.V1;
using Moderation.IntegrationTests.Infrastructure;
using Moderation.IntegrationTests.Intake;
using Xunit.Abstractions;

namespace Moderation.IntegrationTests.Storage;

public sealed class RedisCrashTests(OutageFixture fixture, ITestOutputHelper output) : IClassFixture<OutageFixture>
{
    [Fact]
    public async Task RedisKilledUnderLoad_LosesNoAcceptedComment_AndEveryRetryIsReplayed()
    {
        var site = await fixture.CreateSiteAsync(new SiteSettings { FloodSeconds = 0 });
        var load = SubmitLoad.RunAsync(fixture.Comments, site.Auth, workers: 8, TimeSpan.FromSeconds(3));

        await Task.Delay(TimeSpan.FromSeconds(1));
        await fixture.KillRedisAsync();
        await Task.Delay(TimeSpan.FromSeconds(0.7));
        await fixture.StartRedisAsync();
        var accepted = await load;
        await fixture.WaitForRedisAsync();
        await fixture.WaitForEmptySpoolAsync(TimeSpan.FromSeconds(30));

        output.WriteLine($"{accepted.Count} accepted: {accepted.Count(a => a.Answer.Degraded)} degraded, {accepted.Count(a => a.FailedAttempts > 0)} retried");
        Assert.True(accepted.Count(a => !a.Answer.Degraded) > 50, $"{accepted.Count(a => !a.Answer.Degraded)} stored answers");
        Assert.True(accepted.Count(a => a.Answer.Degraded) > 10, $"{accepted.Count(a => a.Answer.Degraded)} degraded answers: was Redis down under load?");
        Assert.Empty(await SubmitLoad.MissingAsync(fixture.Comments, site.Auth, accepted));
        // A host that retries any of them, say after a lost answer, gets the stored one, and nothing new is kept.
        var records = fixture.RedisServer.Keys(pattern: $"{{s:{site.SiteId}}}:c:*").Count();
        foreach (var a in accepted.Where(a => a.Answer.Assessment.Verdict != Verdict.Rejected))
        {
            var again = await site.SubmitAsync(a.Comment);
            Assert.True(again.Replayed, a.Answer.CommentId);
            Assert.Equal(a.Answer.CommentId, again.CommentId);
        }
        Assert.Equal(records, fixture.RedisServer.Keys(pattern: $"{{s:{site.SiteId}}}:c:*").Count());
    }
}
