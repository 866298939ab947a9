namespace Moderation.Core.Learning;

/// <summary>
/// Trains the logistic regression with AdaGrad. With a prior model (the global one) it starts from the prior's
/// weights and is pulled back towards them, so a site with few labels inherits what the global model knows
/// and its own labels move it only where they disagree. Classes are weighted to count equally.
/// </summary>
public static class ClassifierTrainer
{
    public sealed record Options
    {
        public int Epochs { get; init; } = 12;
        public float LearningRate { get; init; } = 0.2f;
        public float L2 { get; init; } = 1e-5f;
        public int Seed { get; init; } = 17;
    }

    public static SpamClassifier Train(IReadOnlyList<LabeledText> examples, SpamClassifier? prior, string version, Options? options = null)
    {
        options ??= new Options();
        var extracted = new (int[] Indices, float[] Values, float Label, float Weight)[examples.Count];
        var spam = examples.Count(e => e.Spam);
        var ham = examples.Count - spam;
        for (var i = 0; i < examples.Count; i++)
        {
            using var f = FeatureHasher.Extract(examples[i].Content, examples[i].AuthorName);
            var classWeight = examples[i].Spam ? examples.Count / (2f * Math.Max(spam, 1)) : examples.Count / (2f * Math.Max(ham, 1));
            var values = new float[f.Count];
            for (var k = 0; k < values.Length; k++)
            {
                values[k] = f.ValueAt(k);
            }
            extracted[i] = (f.Indices.ToArray(), values, examples[i].Spam ? 1f : 0f, classWeight);
        }

        var weights = prior is null ? new float[FeatureHasher.Dimension] : prior.Weights.ToArray();
        var anchor = prior is null ? null : prior.Weights.ToArray();
        var squared = new float[FeatureHasher.Dimension];
        var bias = prior?.Bias ?? 0f;
        var biasSquared = 0f;
        var order = Enumerable.Range(0, extracted.Length).ToArray();
        var random = new Random(options.Seed);
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var n in order)
            {
                var (indices, values, label, weight) = extracted[n];
                var z = bias;
                for (var k = 0; k < indices.Length; k++)
                {
                    z += weights[indices[k]] * values[k];
                }
                var gradient = ((1f / (1f + MathF.Exp(-z))) - label) * weight;
                for (var k = 0; k < indices.Length; k++)
                {
                    var i = indices[k];
                    var g = (gradient * values[k]) + (options.L2 * (weights[i] - (anchor?[i] ?? 0f)));
                    squared[i] += g * g;
                    weights[i] -= options.LearningRate * g / (MathF.Sqrt(squared[i]) + 1e-6f);
                }
                biasSquared += gradient * gradient;
                bias -= options.LearningRate * gradient / (MathF.Sqrt(biasSquared) + 1e-6f);
            }
        }
        return new SpamClassifier(weights, bias, version, examples.Count + (prior?.ExampleCount ?? 0));
    }
}
