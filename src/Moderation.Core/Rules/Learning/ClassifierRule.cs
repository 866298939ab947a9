using System.Globalization;
using Moderation.Core.Comments;
using Moderation.Core.Learning;
using Moderation.Core.Text;

namespace Moderation.Core.Rules.Learning;

/// <summary>
/// The learned filter: the site's model (or the global one) rates the comment, given which text rules fired, and
/// its calibrated log-odds become points. No evidence, no points: at even odds the filter adds nothing, and a
/// comment whose words the model hardly saw in training, or far longer than its training comments, gets only a
/// share of the points. The explanation names the comment's words that pushed hardest.
/// </summary>
public sealed class ClassifierRule : IRule
{
    public const string Id = "learned.classifier";

    /// <summary>
    /// Points per unit of calibrated log-odds, so that with the default thresholds the filter alone holds a
    /// comment it rates 82 % likely to be spam (5 points) and blocks one it rates 95 % likely (10 points); a
    /// confident "legitimate" takes points away.
    /// </summary>
    public static readonly double PointsPerLogit = 10 / Math.Log(0.95 / 0.05);
    public const double MaxPoints = 16;
    public const double MinPoints = -6;

    public void Evaluate(RuleContext context, Assessment assessment)
    {
        var model = context.Policy.Classifier;
        if (model is null)
        {
            return;
        }
        var s = context.Submission;
        using var features = FeatureHasher.Extract(context.ClassifierPrepared, context.ClassifierNormalized, s.AuthorName);
        var logit = model.Calibration.RuleTerms.Count == 0 ? model.CalibratedLogit(features)
            : model.Calibration.Apply(model.Logit(features), FiredTextRules(assessment));
        var evidence = model.Evidence(features);
        var points = Math.Round(Math.Clamp(PointsPerLogit * logit * evidence, MinPoints, MaxPoints), 1);
        // Once rules that hold on any site found signs of spam (links, self-promotion, money, contact details...),
        // the filter may add to them but not argue them away with the vocabulary of its training sites.
        if (assessment.Score > 0)
        {
            points = Math.Max(points, 0);
        }
        var probability = 1 / (1 + Math.Exp(-logit));
        var description = evidence >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"The learned filter (model {model.Version}) rates this comment {probability:P0} likely to be spam.")
            : model.LengthShare(features) < 1 && model.KnownWords(features) >= SpamClassifier.FullEvidence
                ? string.Create(CultureInfo.InvariantCulture,
                    $"The learned filter (model {model.Version}) rates this comment {probability:P0} likely to be spam, but it is far longer than the comments it learned from, so that counts {evidence:P0}.")
                : string.Create(CultureInfo.InvariantCulture,
                    $"The learned filter (model {model.Version}) rates this comment {probability:P0} likely to be spam, but knows too few of its words to count fully ({evidence:P0}).");
        assessment.Add(new(Id, points, description, StrongestWords(model, context.ClassifierNormalized, spammy: logit > 0)));
    }

    private static IEnumerable<string> FiredTextRules(Assessment assessment)
    {
        foreach (var hit in assessment.Hits)
        {
            if (hit.Points > 0 && RulePipeline.IsTextRule(hit.RuleId))
            {
                yield return hit.RuleId;
            }
        }
    }

    /// <summary>Up to three words of the comment whose weights point most towards spam (or towards ham).</summary>
    internal static string StrongestWords(SpamClassifier model, string normalizedContent, bool spammy)
    {
        // The folded text the content rules already made: the same words the features hashed.
        var text = normalizedContent.AsSpan();
        Span<(float Weight, int Start, int Length)> best = stackalloc (float, int, int)[3];
        best.Fill((0, 0, 0));
        foreach (var (start, length) in new WordSpans(text))
        {
            var weight = model.Weight(FeatureHasher.WordIndex(text.Slice(start, length)));
            weight = spammy ? weight : -weight;
            for (var k = 0; k < best.Length; k++)
            {
                if (weight > best[k].Weight && !SameWord(text, best, start, length))
                {
                    for (var m = best.Length - 1; m > k; m--)
                    {
                        best[m] = best[m - 1];
                    }
                    best[k] = (weight, start, length);
                    break;
                }
            }
        }
        var words = new List<string>(3);
        foreach (var (weight, start, length) in best)
        {
            if (weight > 0)
            {
                words.Add(text.Slice(start, length).ToString());
            }
        }
        return words.Count == 0 ? "" : (spammy ? "spam-like words: " : "legitimate-looking words: ") + string.Join(", ", words);
    }

    private static bool SameWord(ReadOnlySpan<char> text, Span<(float Weight, int Start, int Length)> best, int start, int length)
    {
        foreach (var (weight, s, l) in best)
        {
            if (weight > 0 && l == length && text.Slice(s, l).SequenceEqual(text.Slice(start, length)))
            {
                return true;
            }
        }
        return false;
    }
}
