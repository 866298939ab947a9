using Moderation.Contracts.V1;
using Moderation.IntegrationTests.Infrastructure;
using Moderation.IntegrationTests.Intake;
using Xunit.Abstractions;

namespace Moderation.IntegrationTests.Storage;

[Collection(FaultTests.Name)]
public sealed class RedisCrashTests(OutageFixture fixture, ITestOutputHelper output) : IClassFixture<OutageFixture>
{
    [Fact]
    public async Task RedisKilledUnderLoad_LosesNoAcceptedComment_AndEveryRetryIsReplayed()
    {
        var site = await fixture.CreateSiteAsync(new SiteSettings { FloodSeconds = 0 });
        var load = new SubmitLoad(fixture.Comments, site.Auth, workers: 8);

        await load.WaitForAsync(100, _ => true);
        await fixture.KillRedisAsync();
        await load.WaitForAsync(100, a => a.Answer.Degraded);
        await fixture.StartRedisAsync();
        await fixture.WaitForRedisAsync();
        await load.WaitForAsync(100, a => !a.Answer.Degraded);
        var accepted = await load.StopAsync();
        await fixture.WaitForEmptySpoolAsync(TimeSpan.FromSeconds(30));

        output.WriteLine($"{accepted.Count} accepted: {accepted.Count(a => a.Answer.Degraded)} degraded, {accepted.Count(a => a.FailedAttempts > 0)} retried");
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
