using System.Diagnostics.Metrics;
using Moderation.Server.Sites;
using Moderation.Server.Storage;
using Moderation.Server.Telemetry;

namespace Moderation.Server.Intake;

/// <summary>
/// Replays the spool once Redis answers: seals the segment being written, stores every entry of the sealed ones
/// through <see cref="CommentIntake.ReplayAsync"/> (several at a time), and deletes a segment when all of it is
/// stored. A replay is idempotent on the host's comment id, so a segment replayed twice, as after a crash mid-way,
/// stores each comment once. Publishes the spool's depth, size and oldest age as metrics.
/// </summary>
public sealed partial class SpoolDrainer : BackgroundService
{
    private const int Parallelism = 32;
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan AfterFailure = TimeSpan.FromSeconds(30);

    private readonly CommentSpool _spool;
    private readonly CommentIntake _intake;
    private readonly SiteCatalog _sites;
    private readonly RedisAvailability _availability;
    private readonly TimeProvider _time;
    private readonly ILogger<SpoolDrainer> _logger;
    private readonly Dictionary<string, DateTimeOffset> _failedSegments = new(StringComparer.Ordinal);

    public SpoolDrainer(CommentSpool spool, CommentIntake intake, SiteCatalog sites, RedisAvailability availability, ModerationTelemetry telemetry, TimeProvider time, ILogger<SpoolDrainer> logger)
    {
        _spool = spool;
        _intake = intake;
        _sites = sites;
        _availability = availability;
        _time = time;
        _logger = logger;
        telemetry.Meter.CreateObservableGauge("moderation.spool.depth", () => spool.Count, "{comment}", "Submissions answered while Redis was unreachable and not yet stored.");
        telemetry.Meter.CreateObservableGauge("moderation.spool.bytes", () => spool.Bytes, "By", "The spool's size on disk.");
        telemetry.Meter.CreateObservableGauge("moderation.spool.oldest_age", OldestAge, "s", "How long the oldest spooled submission has waited.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_spool.Enabled)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            var (isUp, changed) = _availability.Observe();
            if (isUp && _spool.Count > 0)
            {
                await DrainAsync(stoppingToken).ConfigureAwait(false);
            }
            try
            {
                await changed.WaitAsync(Poll, stoppingToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Replays every sealed segment; stops at the first sign that Redis is gone again.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        foreach (var segment in _spool.Seal())
        {
            if (_failedSegments.TryGetValue(segment, out var failedAt) && _time.GetUtcNow() - failedAt < AfterFailure)
            {
                continue;
            }
            var outcome = await ReplaySegmentAsync(segment, cancellationToken).ConfigureAwait(false);
            switch (outcome)
            {
                case SegmentOutcome.Stored:
                    _spool.Delete(segment);
                    _failedSegments.Remove(segment);
                    break;
                case SegmentOutcome.StoreUnavailable:
                    return;
                default:
                    _failedSegments[segment] = _time.GetUtcNow();
                    break;
            }
        }
    }

    private async Task<SegmentOutcome> ReplaySegmentAsync(string segment, CancellationToken cancellationToken)
    {
        var entries = _spool.Read(segment);
        var unavailable = 0;
        var failed = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            await Parallel.ForEachAsync(entries, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = stop.Token }, async (entry, ct) =>
            {
                try
                {
                    var site = await _sites.GetAsync(entry.SiteId, ct).ConfigureAwait(false);
                    if (site is null)
                    {
                        Log.SiteGone(_logger, entry.SiteId);
                    }
                    else
                    {
                        await _intake.ReplayAsync(site, entry, ct).ConfigureAwait(false);
                    }
                    _spool.Replayed(segment, entry.SubmittedAt);
                }
                catch (Exception ex) when (StoreOutage.Is(ex))
                {
                    Interlocked.Increment(ref unavailable);
                    await stop.CancelAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Interlocked.Increment(ref failed);
                    Log.ReplayFailed(_logger, entry.SiteId, Path.GetFileName(segment), ex);
                }
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
        if (unavailable > 0 || stop.IsCancellationRequested)
        {
            return SegmentOutcome.StoreUnavailable;
        }
        if (failed > 0)
        {
            return SegmentOutcome.Failed;
        }
        Log.SegmentStored(_logger, entries.Count, Path.GetFileName(segment));
        return SegmentOutcome.Stored;
    }

    private double OldestAge() => _spool.Oldest is { } oldest ? Math.Max(0, (_time.GetUtcNow() - oldest).TotalSeconds) : 0;

    private enum SegmentOutcome
    {
        Stored,
        StoreUnavailable,
        Failed,
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Stored {Count} spooled comments of {Segment}")]
        public static partial void SegmentStored(ILogger logger, int count, string segment);

        [LoggerMessage(2, LogLevel.Warning, "A spooled comment of site {SiteId} is dropped: the site no longer exists")]
        public static partial void SiteGone(ILogger logger, string siteId);

        [LoggerMessage(3, LogLevel.Error, "A spooled comment of site {SiteId} in {Segment} could not be stored; the segment is kept and tried again later")]
        public static partial void ReplayFailed(ILogger logger, string siteId, string segment, Exception exception);
    }
}
