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
        SubmitDuration = Meter.CreateHistogram<double>("moderation.submit.duration", "s", "Time to answer SubmitComment.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1] });
    }

    public static ActivitySource ActivitySource { get; } = new(Name);

    public Meter Meter { get; }
    public Counter<long> Decisions { get; }
    public Counter<long> RuleHits { get; }
    public Histogram<double> SubmitDuration { get; }

    public void Dispose() => Meter.Dispose();
}
