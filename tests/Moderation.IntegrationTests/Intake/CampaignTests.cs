using Moderation.Contracts.V1;
using Moderation.IntegrationTests.Infrastructure;

namespace Moderation.IntegrationTests.Intake;

public sealed class CampaignTests(ServiceFixture fixture) : IClassFixture<ServiceFixture>, IDisposable
{
    private const string Message = "Hey everyone, I just started making beats and uploaded my first mixtape, would mean the world if you gave it a listen";

    [Fact]
    public async Task TheThirdCopy_FromAnotherAuthorOnAnotherPost_IsHeldAsACampaign()
    {
        var site = await fixture.CreateSiteAsync();

        var first = await site.SubmitAsync(Comments.Clean(Message + " tonight"));
        var second = await site.SubmitAsync(Comments.Clean(Message.ToUpperInvariant() + " tonight"));
        var third = await site.SubmitAsync(Comments.Clean(Message + "   tonight!!"));

        Assert.Equal(Verdict.Approved, first.Assessment.Verdict);
        Assert.Equal(Verdict.Approved, second.Assessment.Verdict);
        Assert.Equal(Verdict.Pending, third.Assessment.Verdict);
        var hit = Assert.Single(third.Assessment.RuleHits, h => h.RuleId == "content.campaign");
        Assert.Equal("3+ copies", hit.Evidence);
        var stored = await site.GetAsync(third.CommentId);
        Assert.Equal(CommentStatus.Pending, stored.Status);
        Assert.Equal(third.Assessment, stored.Assessment);
        var windows = fixture.RedisServer.Keys(pattern: $"{{s:{site.SiteId}}}:campaign:*").ToList();
        var window = Assert.Single(windows);
        Assert.Equal(3, (long)(await fixture.Db.HashGetAllAsync(window)).Single().Value);
        Assert.True((await fixture.Db.KeyTimeToLiveAsync(window)) is { } ttl && ttl <= TimeSpan.FromHours(48));
    }

    [Fact]
    public async Task TestSubmissions_AreJudgedAgainstTheCount_ButDoNotAddToIt()
    {
        var site = await fixture.CreateSiteAsync(new SiteSettings { CampaignMinRepeats = 2 });

        var test = await site.SubmitAsync(Comments.Clean(Message), test: true);
        var first = await site.SubmitAsync(Comments.Clean(Message));
        var secondAsTest = await site.SubmitAsync(Comments.Clean(Message), test: true);

        Assert.Equal(Verdict.Approved, test.Assessment.Verdict);
        Assert.Equal(Verdict.Approved, first.Assessment.Verdict);
        Assert.Equal(Verdict.Pending, secondAsTest.Assessment.Verdict);
        Assert.Contains(secondAsTest.Assessment.RuleHits, h => h.RuleId == "content.campaign");
    }

    [Fact]
    public async Task ASiteCanTurnCampaignsOff_AndTooSmallASettingIsRefused()
    {
        var site = await fixture.CreateSiteAsync(new SiteSettings { CampaignMinRepeats = 0 });

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(Verdict.Approved, (await site.SubmitAsync(Comments.Clean(Message))).Assessment.Verdict);
        }
        Assert.Empty(fixture.RedisServer.Keys(pattern: $"{{s:{site.SiteId}}}:campaign:*"));

        var error = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => fixture.CreateSiteAsync(new SiteSettings { CampaignMinRepeats = 1, CampaignWindowHours = 500 }));
        Assert.Equal(Grpc.Core.StatusCode.InvalidArgument, error.StatusCode);
        var fields = error.BadRequest().FieldViolations.Select(v => v.Field).ToList();
        Assert.Contains(fields, f => f.EndsWith("campaign_min_repeats", StringComparison.Ordinal));
        Assert.Contains(fields, f => f.EndsWith("campaign_window_hours", StringComparison.Ordinal));
    }

    public void Dispose() => Assert.Empty(fixture.LoggedErrors);
}
