using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Moderation.Server.Telemetry;

/// <summary>Our ActivitySource, Meter and instruments, one of each for the process.</summary>
public sealed class ModerationTelemetry : IDisposable
{
    public const string Name = "Moderation.Server";

    public ModerationTelemetry(IMeterFactory meterFactory)
    {
        Meter = meterFactory.Create(Name);
        Decisions = Meter.CreateCounter<long>("moderation.decisions", "{comment}", "Submissions by verdict.");
        RuleHits = Meter.CreateCounter<long>("moderation.rule_hits", "{hit}", "Rules that fired, by rule id.");
        Claims = Meter.CreateCounter<long>("moderation.claims", "{comment}", "Queue entries handed to moderators by ClaimComments.");
        ModeratorDecisions = Meter.CreateCounter<long>("moderation.moderator.decisions", "{decision}", "Decisions on stored comments (moderators, hosts, Akismet reports), by action.");
        WebhookDeliveries = Meter.CreateCounter<long>("moderation.webhook.deliveries", "{delivery}", "Webhook attempts: delivered, failed (retried later) or dead_lettered.");
        TrainingRuns = Meter.CreateCounter<long>("moderation.training.runs", "{run}", "Model trainings by scope (site or global) and outcome (trained, superseded, skipped).");
        SubmitDuration = Meter.CreateHistogram<double>("moderation.submit.duration", "s", "Time to answer SubmitComment.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1] });
    }

    public static ActivitySource ActivitySource { get; } = new(Name);

    public Meter Meter { get; }
    public Counter<long> Decisions { get; }
    public Counter<long> RuleHits { get; }
    public Histogram<double> SubmitDuration { get; }
    public Counter<long> Claims { get; }
    public Counter<long> ModeratorDecisions { get; }
    public Counter<long> WebhookDeliveries { get; }
    public Counter<long> TrainingRuns { get; }

    public void Dispose() => Meter.Dispose();
}
