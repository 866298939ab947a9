using System.Collections.Frozen;

namespace Moderation.Core.Learning;

/// <summary>
/// Platt scaling that knows which rules fired: calibrated log-odds = <see cref="Slope"/> × raw log-odds +
/// <see cref="Intercept"/> + the <see cref="RuleTerms"/> of the rules that flagged the comment, all fitted on the
/// raw scores a model gave comments it was not trained on (cross-validation folds of its training comments).
/// A rule term says how much more (or less) likely spam a comment is when that rule fired than its words alone
/// say, on the comments behind the model.
/// </summary>
public readonly record struct Calibration(double Slope, double Intercept)
{
    public static readonly Calibration None = new(1, 0);

    /// <summary>
    /// A rule term's prior: about ±<see cref="RuleTermScale"/> log-odds, so a rule seen on a handful of labeled
    /// comments moves the score a little and one seen on hundreds says what it is worth there.
    /// </summary>
    public const double RuleTermScale = 2;

    private static readonly FrozenDictionary<string, double> NoTerms = FrozenDictionary<string, double>.Empty;

    private readonly FrozenDictionary<string, double>? _ruleTerms;

    /// <summary>Per rule id, the log-odds its firing adds; none for a calibration of slope and intercept alone.</summary>
    public FrozenDictionary<string, double> RuleTerms
    {
        get => _ruleTerms ?? NoTerms;
        init => _ruleTerms = value;
    }

    public double Apply(double rawLogit) => (Slope * rawLogit) + Intercept;

    /// <summary>The calibrated log-odds of a comment the rules in <paramref name="firedRules"/> flagged.</summary>
    public double Apply(double rawLogit, IEnumerable<string> firedRules)
    {
        var logit = Apply(rawLogit);
        foreach (var rule in firedRules)
        {
            logit += RuleTerms.GetValueOrDefault(rule);
        }
        return logit;
    }

    /// <summary>Fits slope and intercept alone (no rule terms).</summary>
    public static Calibration Fit(IReadOnlyList<(double RawLogit, bool Spam)> scores) =>
        Fit([.. scores.Select(s => (s.RawLogit, s.Spam, (IReadOnlyList<string>)[]))]);

    /// <summary>
    /// Fits slope, intercept and one term per rule seen by Newton's method with backtracking on the held-out
    /// scores, with both classes weighing the same and Platt's smoothed targets (so a perfectly separated sample
    /// does not give an infinite slope), and each rule term pulled towards 0 by its prior.
    /// </summary>
    public static Calibration Fit(IReadOnlyList<(double RawLogit, bool Spam, IReadOnlyList<string> Rules)> scores)
    {
        var spam = scores.Count(s => s.Spam);
        var ham = scores.Count - spam;
        if (spam == 0 || ham == 0)
        {
            return None;
        }
        var rules = scores.SelectMany(s => s.Rules).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var column = rules.Select((r, i) => (r, i)).ToDictionary(p => p.r, p => p.i + 2, StringComparer.Ordinal);
        var rows = scores.Select(s => (s.RawLogit, s.Spam, Columns: s.Rules.Select(r => column[r]).Distinct().ToArray())).ToArray();
        var dimension = rules.Length + 2;
        var ridge = 1 / (RuleTermScale * RuleTermScale);
        double spamTarget = (spam + 1.0) / (spam + 2.0), hamTarget = 1.0 / (ham + 2.0);
        double spamWeight = scores.Count / (2.0 * spam), hamWeight = scores.Count / (2.0 * ham);

        double Margin(double[] t, (double RawLogit, bool Spam, int[] Columns) row)
        {
            var m = (t[0] * row.RawLogit) + t[1];
            foreach (var c in row.Columns)
            {
                m += t[c];
            }
            return m;
        }
        double Loss(double[] t)
        {
            var loss = 0.0;
            foreach (var row in rows)
            {
                var target = row.Spam ? spamTarget : hamTarget;
                var m = Margin(t, row);
                // log(1 + e^m) − t·m, written to stay finite for large |m|.
                loss += (row.Spam ? spamWeight : hamWeight) * ((Math.Max(m, 0) + Math.Log(1 + Math.Exp(-Math.Abs(m)))) - (target * m));
            }
            for (var c = 2; c < dimension; c++)
            {
                loss += ridge * t[c] * t[c] / 2;
            }
            return loss;
        }

        var theta = new double[dimension];
        var current = Loss(theta);
        var cols = new int[dimension];
        for (var iteration = 0; iteration < 100; iteration++)
        {
            var gradient = new double[dimension];
            var hessian = new double[dimension, dimension];
            foreach (var row in rows)
            {
                var p = 1 / (1 + Math.Exp(-Margin(theta, row)));
                var w = row.Spam ? spamWeight : hamWeight;
                var d = w * (p - (row.Spam ? spamTarget : hamTarget));
                var h = w * Math.Max(p * (1 - p), 1e-12);
                var used = row.Columns.Length + 2;
                cols[0] = 0;
                cols[1] = 1;
                row.Columns.CopyTo(cols, 2);
                for (var i = 0; i < used; i++)
                {
                    var xi = cols[i] == 0 ? row.RawLogit : 1;
                    gradient[cols[i]] += d * xi;
                    for (var j = 0; j < used; j++)
                    {
                        hessian[cols[i], cols[j]] += h * xi * (cols[j] == 0 ? row.RawLogit : 1);
                    }
                }
            }
            for (var c = 0; c < dimension; c++)
            {
                // The rule terms' prior, and a little ridge that keeps the step defined when every score is the same.
                gradient[c] += c >= 2 ? ridge * theta[c] : 0;
                hessian[c, c] += c >= 2 ? ridge : 1e-9;
            }
            var step = Solve(hessian, gradient);
            // Newton's step, halved until the loss goes down, as in Platt's own method.
            var scale = 1.0;
            double[] next;
            while (true)
            {
                next = [.. theta.Select((t, i) => t - (scale * step[i]))];
                if (Loss(next) <= current || scale <= 1e-10)
                {
                    break;
                }
                scale /= 2;
            }
            if (scale <= 1e-10)
            {
                break;
            }
            theta = next;
            var loss = Loss(theta);
            if (current - loss < 1e-12 * Math.Max(1, current))
            {
                break;
            }
            current = loss;
        }
        // A model whose scores point the wrong way on unseen comments has nothing to say: no slope below zero.
        if (theta[0] <= 0)
        {
            return new Calibration(0, 0);
        }
        return new Calibration(theta[0], theta[1]) { RuleTerms = rules.Select((r, i) => (r, theta[i + 2])).ToFrozenDictionary(p => p.r, p => p.Item2, StringComparer.Ordinal) };
    }

    /// <summary>
    /// The two calibrations averaged, each weighing as many as the comments it was fitted on. Rule terms are the
    /// first's: they say what a rule is worth on the comments behind it, which the second did not see.
    /// </summary>
    public static Calibration Blend(Calibration first, int firstCount, Calibration second, int secondCount)
    {
        var total = Math.Max(1, firstCount + secondCount);
        return new Calibration(
            ((first.Slope * firstCount) + (second.Slope * secondCount)) / total,
            ((first.Intercept * firstCount) + (second.Intercept * secondCount)) / total)
        { RuleTerms = first.RuleTerms };
    }

    // Gaussian elimination with partial pivoting; the system is a handful of rows.
    private static double[] Solve(double[,] a, double[] b)
    {
        var n = b.Length;
        var m = (double[,])a.Clone();
        var x = (double[])b.Clone();
        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var row = col + 1; row < n; row++)
            {
                if (Math.Abs(m[row, col]) > Math.Abs(m[pivot, col]))
                {
                    pivot = row;
                }
            }
            if (pivot != col)
            {
                for (var k = 0; k < n; k++)
                {
                    (m[col, k], m[pivot, k]) = (m[pivot, k], m[col, k]);
                }
                (x[col], x[pivot]) = (x[pivot], x[col]);
            }
            if (Math.Abs(m[col, col]) < 1e-15)
            {
                continue;
            }
            for (var row = col + 1; row < n; row++)
            {
                var f = m[row, col] / m[col, col];
                for (var k = col; k < n; k++)
                {
                    m[row, k] -= f * m[col, k];
                }
                x[row] -= f * x[col];
            }
        }
        for (var row = n - 1; row >= 0; row--)
        {
            var sum = x[row];
            for (var k = row + 1; k < n; k++)
            {
                sum -= m[row, k] * x[k];
            }
            x[row] = Math.Abs(m[row, row]) < 1e-15 ? 0 : sum / m[row, row];
        }
        return x;
    }
}
