using System.Diagnostics.Metrics;
using Moderation.Server.Storage;
using Moderation.Server.Telemetry;

namespace Moderation.Server.Moderators;

/// <summary>
/// Queue depth and the oldest pending comment's age per site, as gauges. A scrape must not wait on Redis or grow
/// with the number of sites, so a sample is taken in the background every <c>Telemetry:QueueSampleInterval</c> (15 s) for at most
/// <see cref="MaxSites"/> sites and the gauges report the last one. Every replica reports the same values; take
/// the max per site in queries.
/// </summary>
public sealed partial class QueueGauges : BackgroundService
{
    public const int MaxSites = 1000;

    private readonly SiteStore _sites;
    private readonly ModerationStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<QueueGauges> _logger;
    private readonly TimeSpan _interval;
    private volatile List<QueueSample> _last = [];

    public QueueGauges(SiteStore sites, ModerationStore store, TimeProvider time, ModerationTelemetry telemetry, IConfiguration configuration, ILogger<QueueGauges> logger)
    {
        _interval = configuration.GetValue("Telemetry:QueueSampleInterval", TimeSpan.FromSeconds(15));
        _sites = sites;
        _store = store;
        _time = time;
        _logger = logger;
        telemetry.Meter.CreateObservableGauge("moderation.queue.depth", Depths, "{comment}", "Comments waiting in a site's pending or spam queue.");
        telemetry.Meter.CreateObservableGauge("moderation.queue.oldest_age", OldestAges, "s", "How long the oldest pending comment of a site has waited.");
        telemetry.Meter.CreateObservableGauge("moderation.queue.expired_leases", ExpiredLeases, "{comment}",
            "Claimed comments whose lease ran out undecided; the next claim hands them out again.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval, _time);
        do
        {
            try
            {
                var ids = await _sites.ListIdsAsync(null, MaxSites, stoppingToken).ConfigureAwait(false);
                _last = await _store.SampleQueuesAsync(ids, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Redis down or slow: the gauges keep the last sample and the next tick tries again.
                LogSampleFailed(_logger, e.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private IEnumerable<Measurement<long>> Depths()
    {
        foreach (var sample in _last)
        {
            yield return new(sample.Pending, new("moderation.site_id", sample.SiteId), new("moderation.queue", "pending"));
            yield return new(sample.Spam, new("moderation.site_id", sample.SiteId), new("moderation.queue", "spam"));
        }
    }

    private IEnumerable<Measurement<double>> OldestAges()
    {
        var now = _time.GetUtcNow();
        foreach (var sample in _last)
        {
            var age = sample.OldestPending is { } oldest ? Math.Max(0, (now - oldest).TotalSeconds) : 0;
            yield return new(age, new KeyValuePair<string, object?>("moderation.site_id", sample.SiteId));
        }
    }

    private IEnumerable<Measurement<long>> ExpiredLeases()
    {
        foreach (var sample in _last)
        {
            yield return new(sample.ExpiredLeases, new KeyValuePair<string, object?>("moderation.site_id", sample.SiteId));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sampling the queues for their gauges failed ({Error}); the gauges keep the last sample")]
    private static partial void LogSampleFailed(ILogger logger, string error);
}
