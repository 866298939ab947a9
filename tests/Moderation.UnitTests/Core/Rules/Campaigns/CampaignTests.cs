using Moderation.Core.Comments;
using Moderation.Core.Rules;
using Moderation.Core.Rules.Campaigns;
using Moderation.Core.Sites;
using Moderation.Core.Text;

namespace Moderation.UnitTests.Core.Rules.Campaigns;

public sealed class CampaignTests
{
    private const string Message = "Hey everyone, I just started making beats and uploaded my first mixtape, would mean the world if you gave it a listen tonight";

    private static string? SignatureOf(string text) => CampaignSignature.Of(TextNormalizer.NormalizeToString(text));

    [Fact]
    public void Copies_WithStyledLettersOrOtherCaseOrSpacing_ShareTheSignature()
    {
        var plain = SignatureOf(Message);

        Assert.NotNull(plain);
        Assert.Equal(plain, SignatureOf(Message.ToUpperInvariant()));
        Assert.Equal(plain, SignatureOf(Message.Replace(" ", "   ", StringComparison.Ordinal)));
        Assert.Equal(plain, SignatureOf(Message.Replace("beats", "ｂｅａｔｓ", StringComparison.Ordinal)));
    }

    [Fact]
    public void NearCopies_MostlyShareTheSignature_AndDifferentTextsDoNot()
    {
        // A campaign varies a word at the end (a name, a link): most of its shingles stay, so most copies collide.
        var endings = new[] { "tonight", "today", "guys", "friends", "please", "now", "x", "thanks", "soon", "later" };
        var signatures = endings.Select(e => SignatureOf(Message.Replace("tonight", e, StringComparison.Ordinal))).ToList();
        var unrelated = SignatureOf("The second half of the article undersells how much the new zoning rules changed for small landlords");

        Assert.True(signatures.Count(s => s == signatures[0]) >= 8, string.Join(", ", signatures));
        Assert.NotEqual(signatures[0], unrelated);
    }

    [Fact]
    public void ReadersQuotingTheSameSentence_AreNotCopies()
    {
        const string quote = "\"the council will review the zoning plan again in spring\" ";
        var replies = new[]
        {
            quote + "and that is exactly what they promised last year too, nothing changed then",
            quote + "good, the first draft ignored the people living next to the river",
            quote + "which means another six months of waiting for the families on the east side",
        }.Select(SignatureOf).ToList();

        Assert.Equal(3, replies.Distinct().Count());
    }

    [Theory]
    [InlineData("Great article, thanks!")]
    [InlineData("love this song so much omg")]
    [InlineData("")]
    public void ShortTexts_AreNotJudged(string text) => Assert.Null(SignatureOf(text));

    [Fact]
    public void Pipeline_PreparesTheAssessmentsForACampaign_WithTheCampaignHit()
    {
        var pipeline = RulePipeline.CreateDefault();

        var assessments = pipeline.Assess(RuleTestKit.Comment(Message), SitePolicy.Default, RuleTestKit.Now);

        var campaign = Assert.IsType<CampaignAssessments>(assessments.Campaign);
        Assert.Equal(SignatureOf(Message), campaign.Signature);
        Assert.Equal(Verdict.Approved, assessments.ForNewAuthor.Verdict);
        Assert.Equal(Verdict.Pending, campaign.IfRepeated.ForNewAuthor.Verdict);
        var hit = Assert.Single(campaign.IfRepeated.ForNewAuthor.Hits, h => h.RuleId == CampaignSignature.RuleId);
        Assert.Equal("3+ copies", hit.Evidence);
        Assert.DoesNotContain(assessments.ForNewAuthor.Hits, h => h.RuleId == CampaignSignature.RuleId);
        Assert.Contains(campaign.IfRepeated.ForKnownAuthor.Hits, h => h.RuleId == "author.previously_approved");
    }

    [Fact]
    public void Pipeline_LeavesCampaignsOut_WhenTheSiteTurnedThemOffOrTheTextIsShort()
    {
        var pipeline = RulePipeline.CreateDefault();

        Assert.Null(pipeline.Assess(RuleTestKit.Comment(Message), new SitePolicy { CampaignMinRepeats = 0 }, RuleTestKit.Now).Campaign);
        Assert.Null(pipeline.Assess(RuleTestKit.Comment("Great article, thanks!"), SitePolicy.Default, RuleTestKit.Now).Campaign);
    }
}
