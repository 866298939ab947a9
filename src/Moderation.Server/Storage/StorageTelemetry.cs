using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Moderation.Server.Storage;

/// <summary>
/// What Redis calls cost. Storage has no other room to lean on, so it keeps its own meter under the service's meter
/// name, which the OpenTelemetry chain listens to; the instruments are process-wide, as the connection is.
/// </summary>
internal static class StorageTelemetry
{
    public const string MeterName = "Moderation.Server";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Histogram<double> ScriptDuration = Meter.CreateHistogram<double>("moderation.redis.duration", "s",
        "Time of a Redis script call, by script, as the service waited for it.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0002, 0.0005, 0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 1] });

    public static readonly Counter<long> ScriptErrors = Meter.CreateCounter<long>("moderation.redis.errors", "{call}",
        "Redis script calls that failed (a connection lost, a timeout, an error reply), by script.");

    public static void Record(string script, long started, bool failed)
    {
        var tag = new KeyValuePair<string, object?>("moderation.operation", script);
        ScriptDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tag);
        if (failed)
        {
            ScriptErrors.Add(1, tag);
        }
    }
}
