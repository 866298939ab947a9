using System.Diagnostics;
using Moderation.Core.Learning;
using Moderation.Core.Rules;
using Moderation.Server.Storage;
using Moderation.Server.Telemetry;

namespace Moderation.Server.Learning;

/// <summary>
/// Trains a scope's model from its labeled examples and publishes it. A site's model starts from the global model
/// and is pulled towards it, so a site with a few labels keeps what the global model knows; it also learns from the
/// site's labels what the text rules are worth there.
/// </summary>
public sealed class ModelTrainer(ModelStore store, ModelCache cache, RulePipeline rules, TimeProvider time, ModerationTelemetry telemetry)
{
    public const int MinExamples = 10;

    /// <summary>A label counts half as much after this long, and never less than a quarter: sites and their spam change.</summary>
    public static readonly TimeSpan HalfLife = TimeSpan.FromDays(180);

    public static float RecencyWeight(TimeSpan age) =>
        (float)Math.Max(0.25, Math.Pow(0.5, Math.Max(0, age.TotalDays) / HalfLife.TotalDays));

    /// <summary>Trains the scope on its examples (null when too few, or of one class); <paramref name="replaceNewer"/> stores the model even over one trained on an example since removed.</summary>
    public async Task<TrainingResult?> TrainAsync(string? siteId, CancellationToken cancellationToken, bool replaceNewer = false)
    {
        var started = Stopwatch.GetTimestamp();
        var (examples, lastId) = await store.ReadExamplesAsync(siteId, cancellationToken).ConfigureAwait(false);
        var spam = examples.Count(e => e.Spam);
        if (examples.Count < MinExamples || spam == 0 || spam == examples.Count)
        {
            Count(siteId, "skipped");
            return null;
        }
        var prior = siteId is null ? null : await cache.GetAsync(null, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var texts = examples.Select(e => new LabeledText(e.Content, e.AuthorName, e.Spam, e.Source, RecencyWeight(now - e.LabeledAt))).ToList();
        // Training is CPU work of a second or so; keep it off the request threads' queue.
        Func<LabeledText, IReadOnlyList<string>>? rulesFired = siteId is null ? null : t => rules.TextRulesFired(t.Content, t.AuthorName);
        var model = await Task.Run(() => ClassifierTrainer.Train(texts, prior, "pending", rulesFired: rulesFired), cancellationToken).ConfigureAwait(false);
        var (stored, version) = await store.SaveAsync(siteId, model.Serialize(), lastId, examples.Count, time.GetUtcNow(), cancellationToken, replaceNewer).ConfigureAwait(false);
        Count(siteId, stored ? "trained" : "superseded");
        return new TrainingResult(version, examples.Count, spam, Stopwatch.GetElapsedTime(started)) { Superseded = !stored };
    }

    private void Count(string? siteId, string outcome) =>
        telemetry.TrainingRuns.Add(1, new TagList { { "moderation.scope", siteId is null ? "global" : "site" }, { "moderation.outcome", outcome } });
}
