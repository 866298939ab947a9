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
}
