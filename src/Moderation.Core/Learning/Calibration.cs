namespace Moderation.Core.Learning;

/// <summary>
/// Platt scaling: calibrated log-odds = <see cref="Slope"/> × raw log-odds + <see cref="Intercept"/>, fitted on the
/// raw scores a model gave comments it was not trained on (cross-validation folds of its training comments).
/// </summary>
public readonly record struct Calibration(double Slope, double Intercept)
{
    public static readonly Calibration None = new(1, 0);

    public double Apply(double rawLogit) => (Slope * rawLogit) + Intercept;

    /// <summary>
    /// Fits the two numbers by Newton's method with backtracking on the held-out scores, with both classes weighing
    /// the same and Platt's smoothed targets (so a perfectly separated sample does not give an infinite slope).
    /// </summary>
    public static Calibration Fit(IReadOnlyList<(double RawLogit, bool Spam)> scores)
    {
        var spam = scores.Count(s => s.Spam);
        var ham = scores.Count - spam;
        if (spam == 0 || ham == 0)
        {
            return None;
        }
        double spamTarget = (spam + 1.0) / (spam + 2.0), hamTarget = 1.0 / (ham + 2.0);
        double spamWeight = scores.Count / (2.0 * spam), hamWeight = scores.Count / (2.0 * ham);
        double Loss(double a, double b)
        {
            var loss = 0.0;
            foreach (var (z, isSpam) in scores)
            {
                var t = isSpam ? spamTarget : hamTarget;
                var m = (a * z) + b;
                // log(1 + e^m) − t·m, written to stay finite for large |m|.
                loss += (isSpam ? spamWeight : hamWeight) * ((Math.Max(m, 0) + Math.Log(1 + Math.Exp(-Math.Abs(m)))) - (t * m));
            }
            return loss;
        }

        double a = 0, b = 0;
        var current = Loss(a, b);
        for (var iteration = 0; iteration < 100; iteration++)
        {
            double ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
            foreach (var (z, isSpam) in scores)
            {
                var p = 1 / (1 + Math.Exp(-((a * z) + b)));
                var w = isSpam ? spamWeight : hamWeight;
                var d = w * (p - (isSpam ? spamTarget : hamTarget));
                var h = w * Math.Max(p * (1 - p), 1e-12);
                ga += d * z;
                gb += d;
                haa += h * z * z;
                hab += h * z;
                hbb += h;
            }
            // A little ridge keeps the step defined when every score is the same.
            haa += 1e-9;
            hbb += 1e-9;
            var det = (haa * hbb) - (hab * hab);
            var da = ((hbb * ga) - (hab * gb)) / det;
            var db = ((haa * gb) - (hab * ga)) / det;
            // Newton's step, halved until the loss goes down, as in Platt's own method.
            var step = 1.0;
            while (step > 1e-10 && Loss(a - (step * da), b - (step * db)) > current)
            {
                step /= 2;
            }
            if (step <= 1e-10)
            {
                break;
            }
            a -= step * da;
            b -= step * db;
            var next = Loss(a, b);
            if (current - next < 1e-12 * Math.Max(1, current))
            {
                break;
            }
            current = next;
        }
        // A model whose scores point the wrong way on unseen comments has nothing to say: no slope below zero.
        return a <= 0 ? new Calibration(0, 0) : new Calibration(a, b);
    }

    /// <summary>The two calibrations averaged, each weighing as many as the comments it was fitted on.</summary>
    public static Calibration Blend(Calibration first, int firstCount, Calibration second, int secondCount)
    {
        var total = Math.Max(1, firstCount + secondCount);
        return new Calibration(
            ((first.Slope * firstCount) + (second.Slope * secondCount)) / total,
            ((first.Intercept * firstCount) + (second.Intercept * secondCount)) / total);
    }
}
