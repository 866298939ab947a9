using Moderation.Core.Comments;
using Moderation.Core.Learning;
using Moderation.Core.Rules;
using Moderation.Core.Rules.Learning;
using Moderation.Core.Sites;
using Moderation.UnitTests.Core.Learning;
using static Moderation.UnitTests.Core.Rules.RuleTestKit;

namespace Moderation.UnitTests.Core.Rules.Learning;

public sealed class ClassifierRuleTests
{
    [Fact]
    public void TheRule_TurnsConfidenceIntoPoints_AndNamesTheWordsBehindIt()
    {
        var policy = new SitePolicy { Classifier = ClassifierTrainer.Train(ClassifierTests.Examples, null, "global.3") };

        var spam = Assert.Single(Run(new ClassifierRule(), Comment("subscribe to my channel, free giveaways"), policy).Hits);
        var ham = Assert.Single(Run(new ClassifierRule(), Comment("The second chart answered my question about the budget."), policy).Hits);

        Assert.Equal(ClassifierRule.Id, spam.RuleId);
        Assert.True(spam.Points > 0);
        Assert.StartsWith("spam-like words: ", spam.Evidence, StringComparison.Ordinal);
        Assert.Contains("subscribe", spam.Evidence, StringComparison.Ordinal);
        Assert.Contains("global.3", spam.Description, StringComparison.Ordinal);
        Assert.True(ham.Points < 0);
        Assert.StartsWith("legitimate-looking words: ", ham.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void TheClassifier_ReadsAroundLinksToThePost_AndStillReadsOtherLinks()
    {
        var policy = new SitePolicy { Classifier = ClassifierTrainer.Train(ClassifierTests.Examples, null, "global.4") };
        const string permalink = "https://news.example.com/2026/11/city-council-votes/";
        Submission On(string content) => new() { Content = content, Permalink = permalink, AuthorName = "Reader" };
        double Points(Submission s) => Assert.Single(Run(new ClassifierRule(), s, policy).Hits).Points;

        var plain = Points(On("The second chart answered my question."));
        var toPost = Points(On($"The second chart {permalink}#chart-2 answered my question."));
        var elsewhere = Points(On("The second chart https://spam.example.net/chart-2 answered my question."));

        Assert.Equal(plain, toPost);
        Assert.NotEqual(plain, elsewhere);
    }

    [Fact]
    public void WithoutAModel_TheRuleStaysSilent() =>
        Assert.Empty(Run(new ClassifierRule(), Comment("subscribe to my channel")).Hits);

    [Theory]
    [InlineData("Ωμέγα λάμβδα σίγμα ταυ")]
    [InlineData("zqxv plorth wibbleton gnarfus")]
    public void AComment_InVocabularyTheModelNeverSaw_GetsAboutNoPoints(string content)
    {
        var policy = new SitePolicy { Classifier = ClassifierTrainer.Train(ClassifierTests.Examples, null, "global.5") };

        var hit = Assert.Single(Run(new ClassifierRule(), Comment(content), policy).Hits);

        Assert.InRange(hit.Points, -0.5, 0.5);
        Assert.Contains("knows too few of its words", hit.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void AModelAtEvenOdds_AddsNothing()
    {
        var support = new byte[FeatureHasher.Dimension];
        support.AsSpan().Fill(byte.MaxValue);
        var undecided = new SpamClassifier(new float[FeatureHasher.Dimension], 0, "even", 100, support, Calibration.None);

        var hit = Assert.Single(Run(new ClassifierRule(), Comment("Thanks for the article, it answered my question."), new SitePolicy { Classifier = undecided }).Hits);

        Assert.Equal(0, hit.Points);
    }

    [Fact]
    public void AConfidentModel_StillDecidesTheVerdict_OnItsOwn()
    {
        // Calibration's smoothed targets cap how sure a model can be by how many comments it has seen: 99 % needs
        // about a hundred of each class.
        var examples = new List<LabeledText>();
        for (var i = 0; i < 150; i++)
        {
            examples.Add(new($"replica watches bargain wholesale outlet number {i}", "Seller", true));
            examples.Add(new($"the council vote on the harbour budget was close, reader {i} thinks", "Reader", false));
        }
        var policy = new SitePolicy { Classifier = ClassifierTrainer.Train(examples, null, "site.1") };

        var spam = RulePipeline.CreateDefault().Assess(Comment("replica watches bargain wholesale outlet number 7"), policy, Now).ForNewAuthor;
        var ham = RulePipeline.CreateDefault().Assess(Comment("I think the harbour budget vote was fair"), policy, Now).ForNewAuthor;

        Assert.Equal(Verdict.Spam, spam.Verdict);
        Assert.Equal([ClassifierRule.Id], spam.Hits.Select(h => h.RuleId));
        Assert.Equal(Verdict.Approved, ham.Verdict);
    }

    [Fact]
    public void WhenRulesOfAnySiteFoundSpam_TheModelMayAddButNotTakeAway()
    {
        var policy = new SitePolicy { Classifier = ClassifierTrainer.Train(ClassifierTests.Examples, null, "global.6") };

        var assessment = RulePipeline.CreateDefault().Assess(Comment("The second chart answered my question about the budget. Subscribe to my channel!"), policy, Now).ForNewAuthor;

        Assert.Contains(assessment.Hits, h => h.RuleId == "content.self_promotion");
        Assert.True(assessment.Hits.Single(h => h.RuleId == ClassifierRule.Id).Points >= 0);
    }
}
