using Moderation.Core.Comments;
using Moderation.Core.Sites;
using Moderation.Core.Verdicts;

namespace Moderation.UnitTests.Core.Verdicts;

public sealed class VerdictPolicyTests
{
    private static Assessment With(double points, RuleAction action = RuleAction.None, Trust trust = Trust.None)
    {
        var a = new Assessment();
        a.Add(new RuleHit("test", points, "test"), action);
        if (trust != Trust.None)
        {
            a.Grant(new RuleHit("trust", 0, "trust"), trust);
        }
        return a;
    }

    [Theory]
    [InlineData(0, Verdict.Approved)]
    [InlineData(4.9, Verdict.Approved)]
    [InlineData(5, Verdict.Pending)]
    [InlineData(10, Verdict.Spam)]
    [InlineData(20, Verdict.Discard)]
    public void Score_IsTurnedIntoAVerdictByTheThresholds(double score, Verdict expected) =>
        Assert.Equal(expected, VerdictPolicy.Decide(With(score), SitePolicy.Default, knownAuthor: false, hasLinks: false));

    [Fact]
    public void SiteThresholds_AreUsed() =>
        Assert.Equal(Verdict.Spam, VerdictPolicy.Decide(With(3), new SitePolicy { PendingThreshold = 1, SpamThreshold = 2, DiscardThreshold = 50 }, false, false));

    [Fact]
    public void Actions_BeatTheScore()
    {
        Assert.Equal(Verdict.Discard, VerdictPolicy.Decide(With(0, RuleAction.Discard), SitePolicy.Default, false, false));
        Assert.Equal(Verdict.Spam, VerdictPolicy.Decide(With(0, RuleAction.Spam), SitePolicy.Default, false, false));
        Assert.Equal(Verdict.Pending, VerdictPolicy.Decide(With(0, RuleAction.Hold), SitePolicy.Default, false, false));
    }

    [Fact]
    public void Staff_BypassEverythingButValidation_TrustedListDoesNotBypassSpam()
    {
        Assert.Equal(Verdict.Approved, VerdictPolicy.Decide(With(30, RuleAction.Discard, Trust.Staff), SitePolicy.Default, false, false));
        Assert.Equal(Verdict.Spam, VerdictPolicy.Decide(With(0, RuleAction.Spam, Trust.TrustedList), SitePolicy.Default, false, false));
        Assert.Equal(Verdict.Approved, VerdictPolicy.Decide(With(7, RuleAction.Hold, Trust.TrustedList), SitePolicy.Default, false, false));
    }

    [Theory]
    [InlineData(ModerationMode.None, false, false, Verdict.Approved)]
    [InlineData(ModerationMode.All, true, false, Verdict.Pending)]
    [InlineData(ModerationMode.Links, false, true, Verdict.Pending)]
    [InlineData(ModerationMode.Links, false, false, Verdict.Approved)]
    [InlineData(ModerationMode.FirstTime, false, false, Verdict.Pending)]
    [InlineData(ModerationMode.FirstTime, true, false, Verdict.Approved)]
    public void ModerationMode_HoldsWhatTheSiteAsks(ModerationMode mode, bool knownAuthor, bool hasLinks, Verdict expected)
    {
        var assessment = With(0);

        var verdict = VerdictPolicy.Decide(assessment, new SitePolicy { ModerationMode = mode }, knownAuthor, hasLinks);

        Assert.Equal(expected, verdict);
        Assert.Equal(expected == Verdict.Pending, assessment.Hits.Any(h => h.RuleId.StartsWith("policy.", StringComparison.Ordinal)));
    }

    [Fact]
    public void Violations_AlwaysReject()
    {
        var a = With(0, trust: Trust.Staff);
        a.Reject(new FieldViolation("content", "REQUIRED", "x"));

        Assert.Equal(Verdict.Rejected, VerdictPolicy.Decide(a, SitePolicy.Default, true, false));
    }

    [Theory]
    [InlineData(0, Verdict.Pending)]
    [InlineData(5, Verdict.Pending)]
    [InlineData(10, Verdict.Spam)]
    [InlineData(20, Verdict.Discard)]
    public void Degraded_IsNeverMoreLenientThanPending_AndKeepsWhatTheStatelessRulesSaid(double score, Verdict expected)
    {
        var assessment = With(score);
        VerdictPolicy.Decide(assessment, SitePolicy.Default, knownAuthor: false, hasLinks: false);

        var degraded = VerdictPolicy.Degraded(assessment);

        Assert.Equal(expected, degraded.Verdict);
        Assert.Equal(VerdictPolicy.DegradedId, degraded.Hits[^1].RuleId);
        Assert.Equal(score, degraded.Score);
        Assert.DoesNotContain(assessment.Hits, h => h.RuleId == VerdictPolicy.DegradedId);
    }

    [Theory]
    [InlineData(StateCheck.Duplicate, Verdict.Discard)]
    [InlineData(StateCheck.FloodByIp, Verdict.Spam)]
    public void TrippedAfterAnswer_IsKeptOutOfSight_NotRejected(StateCheck check, Verdict expected)
    {
        var assessment = VerdictPolicy.TrippedAfterAnswer(check);

        Assert.Equal(expected, assessment.Verdict);
        Assert.False(assessment.IsRejected);
    }

    [Fact]
    public void HeldAfterAnswer_WaitsForAModerator_NamingWhatIsNowRejected()
    {
        var rejected = new Assessment();
        rejected.Add(new RuleHit("links.count", 1, "links"));
        rejected.Reject(new FieldViolation("content", "TOO_LONG", "Too long."));

        var held = VerdictPolicy.HeldAfterAnswer(rejected);

        Assert.Equal(Verdict.Pending, held.Verdict);
        Assert.False(held.IsRejected);
        Assert.Equal("content: TOO_LONG", held.Hits[^1].Evidence);
        Assert.Equal("links.count", held.Hits[0].RuleId);
    }
}
