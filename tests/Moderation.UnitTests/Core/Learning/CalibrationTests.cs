using System.Collections.Frozen;
using Moderation.Core.Learning;

namespace Moderation.UnitTests.Core.Learning;

public sealed class CalibrationTests
{
    [Fact]
    public void PlattScaling_RecoversTheSlopeAndInterceptOfScoresDrawnFromThem()
    {
        // Scores whose true log-odds are 0.5 × score − 1: the fit should find about that.
        var random = new Random(3);
        var scores = new List<(double, bool)>();
        for (var i = 0; i < 20_000; i++)
        {
            var z = (random.NextDouble() * 16) - 8;
            scores.Add((z, random.NextDouble() < 1 / (1 + Math.Exp(-((0.5 * z) - 1)))));
        }

        var fit = Calibration.Fit(scores);

        Assert.InRange(fit.Slope, 0.45, 0.55);
        // Both classes weigh the same in the fit, which moves the intercept towards even odds.
        Assert.InRange(fit.Intercept, -1.2, 0.2);
    }

    [Fact]
    public void ScoresThatSeparatePerfectly_GetAFiniteSlope()
    {
        var scores = Enumerable.Range(0, 50).Select(i => (i < 25 ? -3.0 - i : 3.0 + i, i >= 25)).ToList();

        var fit = Calibration.Fit(scores);

        Assert.True(fit.Slope is > 0 and < 50);
    }

    [Fact]
    public void ScoresThatPointTheWrongWay_SayNothing()
    {
        var scores = Enumerable.Range(0, 100).Select(i => ((double)(i % 10), i % 10 < 5)).ToList();

        Assert.Equal(0, Calibration.Fit(scores).Slope);
    }

    [Fact]
    public void OneClassOnly_LeavesScoresAsTheyAre() =>
        Assert.Equal(Calibration.None, Calibration.Fit([(1.0, true), (2.0, true)]));

    [Fact]
    public void ARuleThatFiresOnSpamTheScoresMiss_GetsATerm_AndOneSeenOnAFewCommentsOnlyASmallOne()
    {
        // The same scores for both classes, but the rule fires on a fifth of the spam and never on ham: only the
        // rule tells them apart there, so its term is what it is worth beyond the scores.
        var random = new Random(5);
        var scores = new List<(double, bool, IReadOnlyList<string>)>();
        for (var i = 0; i < 2_000; i++)
        {
            var spam = i % 2 == 0;
            var z = (random.NextDouble() * 4) - 2 + (spam ? 1 : -1);
            scores.Add((z, spam, spam && i % 10 == 0 ? ["content.self_promotion"] : []));
        }
        var few = scores.Select((s, i) => i < 1_950 ? (s.Item1, s.Item2, (IReadOnlyList<string>)[]) : s).ToList();

        var fit = Calibration.Fit(scores);
        var fitOnFew = Calibration.Fit(few);

        Assert.True(fit.RuleTerms["content.self_promotion"] > 2, $"term {fit.RuleTerms["content.self_promotion"]}");
        Assert.InRange(fitOnFew.RuleTerms["content.self_promotion"], 0.1, fit.RuleTerms["content.self_promotion"] - 1);
        Assert.Equal(fit.Apply(0.5) + fit.RuleTerms["content.self_promotion"], fit.Apply(0.5, ["content.self_promotion"]), 9);
        Assert.Equal(fit.Apply(0.5), fit.Apply(0.5, ["links.unknown_rule"]), 9);
    }

    [Fact]
    public void Blending_KeepsTheRuleTermsOfTheCommentsThatTaughtThem()
    {
        var site = new Calibration(2, 0) { RuleTerms = new Dictionary<string, double> { ["links.offsite"] = 1.5 }.ToFrozenDictionary() };

        var blended = Calibration.Blend(site, 100, new Calibration(1, 1), 300);

        Assert.Equal(1.25, blended.Slope, 9);
        Assert.Equal(0.75, blended.Intercept, 9);
        Assert.Equal(1.5, blended.RuleTerms["links.offsite"]);
    }
}
