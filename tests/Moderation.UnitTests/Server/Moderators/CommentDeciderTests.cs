using Moderation.Contracts.V1;
using Moderation.Server.Moderators;
using Moderation.Server.Problems;
using StackExchange.Redis;

namespace Moderation.UnitTests.Server.Moderators;

public sealed class CommentDeciderTests(ModeratorsFixture fixture) : IClassFixture<ModeratorsFixture>
{
    private CommentDecider Decider => fixture.Decider;

    [Fact]
    public async Task Approving_APendingComment_DecidesIt_WithTheActorAndNoteInItsHistory()
    {
        var site = await fixture.NewSiteAsync();
        var (id, verdict) = await fixture.SubmitAsync(site, "A thoughtful reply about the article.");

        var outcome = await Decider.DecideAsync(site, id, Decision.Approve, CommentStatus.Pending, "moderator-1", "looks fine", CancellationToken.None);

        Assert.Equal(Verdict.Pending, verdict);
        Assert.Equal(DecisionResult.Decided, outcome.Result);
        Assert.True(outcome.Applied);
        Assert.Equal(CommentStatus.Approved, outcome.Comment!.Status);
        var entry = outcome.Comment.History[^1];
        Assert.Equal(("moderator-1", "approve", "looks fine", CommentStatus.Approved), (entry.Actor, entry.Action, entry.Note, entry.Status));
        Assert.Equal(CommentStatus.Approved, (await fixture.Query.ListAsync(site, new CommentCriteria(CommentStatus.Approved), true, 10, "", CancellationToken.None)).Comments.Single().Status);
    }

    [Fact]
    public async Task ADecisionExpectingAStatusThatNoLongerHolds_IsAConflict_ThatNamesTheStatusNow()
    {
        var site = await fixture.NewSiteAsync();
        var (id, _) = await fixture.SubmitAsync(site, "A thoughtful reply about the article.");
        await Decider.DecideAsync(site, id, Decision.Spam, CommentStatus.Pending, "moderator-1", "", CancellationToken.None);

        var late = await Decider.DecideAsync(site, id, Decision.Approve, CommentStatus.Pending, "moderator-2", "", CancellationToken.None);

        Assert.Equal(DecisionResult.StatusConflict, late.Result);
        Assert.Equal(CommentStatus.Spam, late.CurrentStatus);
        var problem = late.ToProblem();
        Assert.Equal((ProblemKind.Aborted, "STATUS_CHANGED"), (problem.Kind, problem.Reason));
        Assert.Equal("Spam", problem.Metadata["current_status"]);
    }

    [Fact]
    public async Task DecidingTheStatusAComment_AlreadyHas_LeavesItUnchanged()
    {
        var site = await fixture.NewSiteAsync();
        var (id, _) = await fixture.SubmitAsync(site, "A thoughtful reply about the article.");
        await Decider.DecideAsync(site, id, Decision.Reject, CommentStatus.Unspecified, "moderator-1", "", CancellationToken.None);

        var again = await Decider.DecideAsync(site, id, Decision.Reject, CommentStatus.Unspecified, "moderator-2", "", CancellationToken.None);

        Assert.Equal(DecisionResult.Unchanged, again.Result);
        Assert.Equal(CommentStatus.Rejected, again.Comment!.Status);
        Assert.Equal(2, again.Comment.History.Count);
    }

    [Fact]
    public async Task AnUnknownComment_IsNotFound_AndADiscardedOne_IsNotKept()
    {
        var site = await fixture.NewSiteAsync();
        var (discarded, verdict) = await fixture.SubmitAsync(site, "A thoughtful reply about the article.", honeypot: "filled by a bot");

        var unknown = await Decider.DecideAsync(site, new string('a', 24), Decision.Approve, CommentStatus.Unspecified, "m", "", CancellationToken.None);
        var notKept = await Decider.DecideAsync(site, discarded, Decision.Approve, CommentStatus.Unspecified, "m", "", CancellationToken.None);

        Assert.Equal(Verdict.Discard, verdict);
        Assert.Equal(DecisionResult.NotFound, unknown.Result);
        Assert.Equal(ProblemKind.NotFound, unknown.ToProblem().Kind);
        Assert.Equal(DecisionResult.NotKept, notKept.Result);
        Assert.Equal("COMMENT_DISCARDED", notKept.ToProblem().Reason);
    }

    [Fact]
    public async Task AColleaguesClaim_StopsADecision_ButNotTheHostsReport()
    {
        var site = await fixture.NewSiteAsync();
        var (id, _) = await fixture.SubmitAsync(site, "A thoughtful reply about the article.");
        var (_, claimed) = await fixture.Store.ClaimAsync(site.Site.SiteId, (int)CommentStatus.Pending, "colleague", 10, TimeSpan.FromMinutes(5), CancellationToken.None);

        var blocked = await Decider.DecideAsync(site, id, Decision.Approve, CommentStatus.Unspecified, "me", "", CancellationToken.None);
        var report = await Decider.DecideAsync(site, id, Decision.Spam, CommentStatus.Unspecified, "host-key", "", CancellationToken.None, ignoreClaims: true);

        Assert.Equal(id, Assert.Single(claimed).CommentId);
        Assert.Equal(DecisionResult.ClaimedByOther, blocked.Result);
        Assert.Equal("colleague", blocked.ClaimedBy);
        Assert.Equal(DecisionResult.Decided, report.Result);
    }

    [Fact]
    public async Task ASpamDecision_TeachesTheFilter_AndMarksTheAuthor()
    {
        var site = await fixture.NewSiteAsync();
        var (id, _) = await fixture.SubmitAsync(site, "Cheap watches at my shop, visit now.", email: "spammer@example.net");

        await Decider.DecideAsync(site, id, Decision.Spam, CommentStatus.Pending, "m", "", CancellationToken.None);

        var db = fixture.Services.GetService(typeof(IConnectionMultiplexer)) as IConnectionMultiplexer;
        var examples = await db!.GetDatabase().StreamRangeAsync(Moderation.Server.Storage.RedisKeys.ExamplesOf(site.Site.SiteId));
        Assert.Equal("spam", (string)Assert.Single(examples)["l"]!);
    }

    [Fact]
    public async Task ManyDecisions_AnswerInTheOrderOfTheIds()
    {
        var site = await fixture.NewSiteAsync();
        var ids = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add((await fixture.SubmitAsync(site, $"Reply number {i} about the article, with a thought of its own.", email: $"reader{i}@example.org", ip: $"203.0.113.{i + 1}")).CommentId);
        }
        ids.Insert(5, new string('b', 24));

        var outcomes = await Decider.DecideManyAsync(site, ids, Decision.Approve, CommentStatus.Pending, "m", "", CancellationToken.None);

        Assert.Equal(ids.Count, outcomes.Length);
        for (var i = 0; i < ids.Count; i++)
        {
            Assert.Equal(i == 5 ? DecisionResult.NotFound : DecisionResult.Decided, outcomes[i].Result);
            Assert.Equal(i == 5 ? null : ids[i], outcomes[i].Comment?.CommentId);
        }
    }
}
