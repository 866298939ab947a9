using Moderation.Core.Comments;
using Moderation.Core.Rules;
using Moderation.Core.Sites;
using static Moderation.UnitTests.Core.Rules.RuleTestKit;

namespace Moderation.UnitTests.Core.Rules;

public sealed class RulePipelineTests
{
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
