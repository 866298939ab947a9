namespace Moderation.Core.Learning;

/// <summary>
/// Trains the logistic regression with AdaGrad. With a prior model (the global one) it starts from the prior's
/// weights and is pulled back towards them, so a site with few labels inherits what the global model knows
/// and its own labels move it only where they disagree. Classes are weighted to count equally. The raw scores
/// are calibrated on cross-validation folds of the same comments, and each feature remembers how many training
/// comments had it, so scoring can tell a confident model from one that never saw the comment's vocabulary.
/// A site's model also learns, from the site's own labels, how much more a comment is likely spam when a rule
/// that judges text fired than its words alone say (the calibration's rule terms).
/// </summary>
public static class ClassifierTrainer
{
    /// <summary>Fewer comments than this are not split for calibration; the prior's calibration (or none) applies.</summary>
    public const int MinForCalibration = 30;
    private const int CalibrationFolds = 5;

    public sealed record Options
    {
        public int Epochs { get; init; } = 12;
        public float LearningRate { get; init; } = 0.2f;
        public float L2 { get; init; } = 1e-5f;
        public int Seed { get; init; } = 17;
    }

    /// <param name="rulesFired">
    /// The text rules that flag a training comment, to learn what each is worth on these comments; null for a model
    /// of other sites' comments (the global one), whose rule terms would not carry over to a new site.
    /// </param>
    public static SpamClassifier Train(IReadOnlyList<LabeledText> examples, SpamClassifier? prior, string version, Options? options = null,
        Func<LabeledText, IReadOnlyList<string>>? rulesFired = null)
    {
        options ??= new Options();
        var lengths = new int[examples.Count];
        var extracted = new Example[examples.Count];
        var support = prior is null ? new byte[FeatureHasher.Dimension] : prior.Support.ToArray();
        // Copies of one text (a campaign, or one comment labeled twice) count as one comment between them, so a
        // single campaign cannot swamp what the model learned from everything else.
        var copies = examples.GroupBy(e => CopyKey(e.Content)).ToDictionary(g => g.Key, g => g.Count());
        for (var i = 0; i < examples.Count; i++)
        {
            using var f = FeatureHasher.Extract(examples[i].Content, examples[i].AuthorName);
            var values = new float[f.Count];
            for (var k = 0; k < values.Length; k++)
            {
                values[k] = f.ValueAt(k);
            }
            extracted[i] = new Example(f.Indices.ToArray(), values, examples[i].Spam, examples[i].Source, examples[i].Weight / copies[CopyKey(examples[i].Content)],
                rulesFired?.Invoke(examples[i]) ?? []);
            lengths[i] = f.WordIndices.Length;
            foreach (var index in f.Indices.ToArray().Distinct())
            {
                support[index] = (byte)Math.Min(byte.MaxValue, support[index] + 1);
            }
        }
        var (weights, bias) = Fit(extracted, prior, options);
        var calibration = extracted.Length >= MinForCalibration
            ? CrossValidatedCalibration(extracted, prior, options)
            : prior?.Calibration ?? Calibration.None;
        if (prior is not null && extracted.Length >= MinForCalibration)
        {
            // Each estimate counts by the comments behind it: a site's first labels move the prior's calibration a little.
            calibration = Calibration.Blend(calibration, extracted.Length, prior.Calibration, prior.ExampleCount);
        }
        Array.Sort(lengths);
        var typicalLength = Math.Max(prior?.TypicalLength ?? 0, lengths.Length == 0 ? 0 : lengths[(int)(0.9 * (lengths.Length - 1))]);
        return new SpamClassifier(weights, bias, version, examples.Count + (prior?.ExampleCount ?? 0), support, calibration, typicalLength);
    }

    /// <summary>
    /// Trains on all but one fold at a time and calibrates on the raw scores of the fold left out. When the
    /// comments come from several sources, each fold is one source: the calibration then says what a score means on
    /// a source the model has not seen, which is what a global model meets on every new site.
    /// </summary>
    private static Calibration CrossValidatedCalibration(Example[] examples, SpamClassifier? prior, Options options)
    {
        var sources = examples.GroupBy(e => e.Source).Where(g => g.Count() >= MinForCalibration / 2).Select(g => g.Key).ToList();
        var bySource = sources.Count >= 2;
        var position = Enumerable.Range(0, examples.Length).ToArray();
        new Random(options.Seed + 1).Shuffle(position);
        var folds = bySource ? sources.Count : CalibrationFolds;
        var held = new List<(double, bool, IReadOnlyList<string>)>(examples.Length);
        for (var fold = 0; fold < folds; fold++)
        {
            bool InFold(int i) => bySource ? examples[i].Source == sources[fold] : position[i] % CalibrationFolds == fold;
            var train = Enumerable.Range(0, examples.Length).Where(i => !InFold(i)).Select(i => examples[i]).ToArray();
            var test = Enumerable.Range(0, examples.Length).Where(InFold).Select(i => examples[i]);
            var (weights, bias) = Fit(train, prior, options);
            foreach (var e in test)
            {
                held.Add((Score(weights, bias, e), e.Spam, e.Rules));
            }
        }
        return Calibration.Fit(held);
    }

    private static (float[] Weights, float Bias) Fit(Example[] examples, SpamClassifier? prior, Options options)
    {
        var spam = examples.Where(e => e.Spam).Sum(e => e.Weight);
        var ham = examples.Where(e => !e.Spam).Sum(e => e.Weight);
        var total = spam + ham;
        var weights = prior is null ? new float[FeatureHasher.Dimension] : prior.Weights.ToArray();
        var anchor = prior is null ? null : prior.Weights.ToArray();
        var squared = new float[FeatureHasher.Dimension];
        var bias = prior?.Bias ?? 0f;
        var biasSquared = 0f;
        var order = Enumerable.Range(0, examples.Length).ToArray();
        var random = new Random(options.Seed);
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var n in order)
            {
                var e = examples[n];
                var classWeight = e.Weight * (e.Spam ? total / (2f * Math.Max(spam, 1e-3f)) : total / (2f * Math.Max(ham, 1e-3f)));
                var z = (float)Score(weights, bias, e);
                var gradient = ((1f / (1f + MathF.Exp(-z))) - (e.Spam ? 1f : 0f)) * classWeight;
                for (var k = 0; k < e.Indices.Length; k++)
                {
                    var i = e.Indices[k];
                    var g = (gradient * e.Values[k]) + (options.L2 * (weights[i] - (anchor?[i] ?? 0f)));
                    squared[i] += g * g;
                    weights[i] -= options.LearningRate * g / (MathF.Sqrt(squared[i]) + 1e-6f);
                }
                biasSquared += gradient * gradient;
                bias -= options.LearningRate * gradient / (MathF.Sqrt(biasSquared) + 1e-6f);
            }
        }
        return (weights, bias);
    }

    private static double Score(float[] weights, float bias, Example e)
    {
        var z = bias;
        for (var k = 0; k < e.Indices.Length; k++)
        {
            z += weights[e.Indices[k]] * e.Values[k];
        }
        return z;
    }

    // Near copies share a campaign signature; texts too short for one are compared as folded.
    private static string CopyKey(string content)
    {
        var folded = Text.TextNormalizer.NormalizeToString(content);
        return Rules.Campaigns.CampaignSignature.Of(folded) ?? folded;
    }

    private sealed record Example(int[] Indices, float[] Values, bool Spam, string Source, float Weight, IReadOnlyList<string> Rules);
}
