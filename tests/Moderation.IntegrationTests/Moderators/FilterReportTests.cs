using Grpc.Core;
using Moderation.Contracts.V1;
using Moderation.IntegrationTests.Infrastructure;

namespace Moderation.IntegrationTests.Moderators;

public sealed class FilterReportTests(ServiceFixture fixture) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task DecisionsThatReverseTheFilter_ShowUpPerVerdictAndPerRule()
    {
        var site = await fixture.CreateSiteAsync(new SiteSettings { DisallowedTerms = { "casino" } });
        var moderator = await site.ModeratorAsync();
        var heldThenApproved = await site.SubmitAsync(Comments.Clean("Two sources for this: https://a.example/report and https://b.example/data"));
        var blockedThenApproved = await site.SubmitAsync(Comments.Clean("The chapter about the old casino on the pier was the best part."));
        var approvedThenSpam = await site.SubmitAsync(Comments.Clean());
        var heldThenSpam = await site.SubmitAsync(Comments.Clean("Cheap deals at https://deals.example/x and https://deals.example/y"));

        await moderator.DecideAsync(heldThenApproved.CommentId, ModerationAction.Approve);
        await moderator.DecideAsync(blockedThenApproved.CommentId, ModerationAction.NotSpam);
        await fixture.Comments.ReportSpamAsync(new ReportSpamRequest { CommentId = approvedThenSpam.CommentId }, site.Auth);
        await moderator.DecideAsync(heldThenSpam.CommentId, ModerationAction.Spam);
        // A second decision on the same comment does not count again: the first one reversed the filter.
        await moderator.DecideAsync(heldThenApproved.CommentId, ModerationAction.Reject);

        var report = await fixture.Moderation.GetFilterReportAsync(new GetFilterReportRequest { SiteId = site.SiteId }, moderator.Auth);

        Assert.Equal((Verdict.Pending, Verdict.Spam, Verdict.Approved, Verdict.Pending),
            (heldThenApproved.Assessment.Verdict, blockedThenApproved.Assessment.Verdict, approvedThenSpam.Assessment.Verdict, heldThenSpam.Assessment.Verdict));
        Assert.Equal(4, report.DecidedCount);
        Assert.Equal(1, Count(report, CommentStatus.Pending, CommentStatus.Approved));
        Assert.Equal(1, Count(report, CommentStatus.Spam, CommentStatus.Approved));
        Assert.Equal(1, Count(report, CommentStatus.Approved, CommentStatus.Spam));
        Assert.Equal(1, Count(report, CommentStatus.Pending, CommentStatus.Spam));
        var links = report.Rules.Single(r => r.RuleId == "links.count");
        Assert.Equal((2L, 1L, 1L, 0L), (links.DecidedCount, links.HeldThenApproved, links.Confirmed, links.BlockedThenApproved));
        var terms = report.Rules.Single(r => r.RuleId == "terms.disallowed");
        Assert.Equal((1L, 1L), (terms.DecidedCount, terms.BlockedThenApproved));
        // The rule that cost the most false positives comes first.
        Assert.Equal(1, report.Rules[0].BlockedThenApproved + report.Rules[0].HeldThenApproved);
    }

    [Fact]
    public async Task AWindowOutsideOneToThirtyDays_IsInvalid()
    {
        var site = await fixture.CreateSiteAsync();
        var moderator = await site.ModeratorAsync();

        var ex = await Assert.ThrowsAsync<RpcException>(() => fixture.Moderation.GetFilterReportAsync(new GetFilterReportRequest { SiteId = site.SiteId, Days = 31 }, moderator.Auth).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal("INVALID_DAYS", ex.ErrorInfo().Reason);
    }

    private static long Count(GetFilterReportResponse report, CommentStatus automatic, CommentStatus decided) =>
        report.Verdicts.SingleOrDefault(v => v.Automatic == automatic && v.Decided == decided)?.Count ?? 0;
}
