using Moderation.Core.Comments;
using Moderation.Core.Learning;
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
        Assert.True(spam.Points > ClassifierRule.PointsAtEvenOdds);
        Assert.StartsWith("spam-like words: ", spam.Evidence, StringComparison.Ordinal);
        Assert.Contains("subscribe", spam.Evidence, StringComparison.Ordinal);
        Assert.Contains("global.3", spam.Description, StringComparison.Ordinal);
        Assert.True(ham.Points < ClassifierRule.PointsAtEvenOdds);
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
}
