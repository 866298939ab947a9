using Moderation.Core.Comments;
using Moderation.Core.Rules;
using Moderation.Core.Sites;
using static Moderation.UnitTests.Core.Rules.RuleTestKit;

namespace Moderation.UnitTests.Core.Rules;

public sealed class RulePipelineTests
{
    [Fact]
    public void TextRulesFired_NamesTheRulesThatJudgeTheTextAlone()
    {
        var pipeline = RulePipeline.CreateDefault();

        var promo = pipeline.TextRulesFired("Subscribe to my channel, and make a lot of money at http://spam.example.net/x", "Promo");
        var reply = pipeline.TextRulesFired("I agree with the second point about the budget.", "Ada");

        Assert.Contains("content.self_promotion", promo);
        Assert.Contains("content.money_offer", promo);
        Assert.Contains("links.offsite", promo);
        Assert.All(promo, id => Assert.True(RulePipeline.IsTextRule(id), id));
        Assert.Empty(reply);
    }

    [Fact]
    public void Pipeline_RejectedSubmission_RunsNoSpamRules()
    {
        var pipeline = RulePipeline.CreateDefault();
        var submission = Comment(content: "", email: "bad");

        var result = pipeline.Assess(submission, SitePolicy.Default, Now);

        Assert.Equal(Verdict.Rejected, result.ForNewAuthor.Verdict);
        Assert.Empty(result.ForNewAuthor.Hits);
        Assert.False(result.DependOnAuthor);
    }

    [Fact]
    public void Pipeline_DecidesForNewAndKnownAuthor_InFirstTimeMode()
    {
        var pipeline = RulePipeline.CreateDefault();
        var policy = new SitePolicy { ModerationMode = ModerationMode.FirstTime };

        var result = pipeline.Assess(Comment(), policy, Now);

        Assert.Equal(Verdict.Pending, result.ForNewAuthor.Verdict);
        Assert.Equal(Verdict.Approved, result.ForKnownAuthor.Verdict);
        Assert.DoesNotContain(result.ForNewAuthor.Hits, h => h.RuleId == "author.previously_approved");
    }
}
