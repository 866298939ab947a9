using System.Diagnostics.Metrics;
using Moderation.Server.Sites;
using Moderation.Server.Storage;
using Moderation.Server.Telemetry;

namespace Moderation.Server.Intake;

/// <summary>
/// Replays the spool once Redis answers: seals the segment being written, stores every entry of the sealed ones
/// through <see cref="CommentIntake.ReplayAsync"/> (a batch of one site's comments per call, several batches at a
/// time), and deletes a segment when all of it is
/// stored. A replay is idempotent on the host's comment id, so a segment replayed twice, as after a crash mid-way,
/// stores each comment once. Publishes the spool's depth, size and oldest age as metrics.
/// </summary>
public sealed partial class SpoolDrainer : BackgroundService
{
    // Batches in flight, and comments per batch: one script call of ~30 comments keeps Redis busy ~3 ms.
    private const int Parallelism = 8;
    private const int BatchSize = 32;
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
        telemetry.Meter.CreateObservableGauge("moderation.redis.available", () => availability.IsUp ? 1 : 0, "{state}",
            "1 while the probe sees Redis answer, 0 while submissions are answered degraded (the circuits are open).");
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

    /// <summary>
    /// Replays every sealed segment; stops at the first sign that Redis is gone again. The next segment is read
    /// while one replays, so Redis does not wait for the disk between segments.
    /// </summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var due = _spool.Seal().Where(s => !_failedSegments.TryGetValue(s, out var failedAt) || now - failedAt >= AfterFailure).ToList();
        var next = due.Count > 0 ? ReadAsync(due[0]) : null;
        for (var i = 0; i < due.Count; i++)
        {
            var segment = due[i];
            var entries = next!;
            next = i + 1 < due.Count ? ReadAsync(due[i + 1]) : null;
            var outcome = await ReplaySegmentAsync(segment, entries, cancellationToken).ConfigureAwait(false);
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

    private Task<List<SpooledComment>> ReadAsync(string segment) => Task.Run(() => _spool.Read(segment));

    private async Task<SegmentOutcome> ReplaySegmentAsync(string segment, Task<List<SpooledComment>> read, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(segment);
        List<SpooledComment> entries;
        try
        {
            entries = await read.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            Log.SegmentUnreadable(_logger, name, ex);
            return SegmentOutcome.Failed;
        }
        // One site's comments share a hash slot, so a batch is one site's; in arrival order within it.
        var batches = entries.GroupBy(e => e.SiteId, StringComparer.Ordinal).SelectMany(site => site.Chunk(BatchSize));
        var handled = 0;
        var failed = 0;
        var unavailable = false;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = stop.Token }, async (batch, ct) =>
            {
                var siteId = batch[0].SiteId;
                try
                {
                    var site = await _sites.GetAsync(siteId, ct).ConfigureAwait(false);
                    if (site is null)
                    {
                        Log.SiteGone(_logger, siteId, batch.Length);
                        foreach (var entry in batch)
                        {
                            Handled(entry);
                        }
                        return;
                    }
                    var outcomes = await _intake.ReplayAsync(site, batch, ct).ConfigureAwait(false);
                    var kept = 0;
                    for (var i = 0; i < batch.Length; i++)
                    {
                        switch (outcomes[i].Status)
                        {
                            case ReplayStatus.Failed:
                                kept++;
                                Log.ReplayFailed(_logger, siteId, name, outcomes[i].Error);
                                break;
                            case ReplayStatus.HostIdTaken:
                                Log.HostIdTaken(_logger, siteId, name);
                                Handled(batch[i]);
                                break;
                            default:
                                Handled(batch[i]);
                                break;
                        }
                    }
                    Interlocked.Add(ref failed, kept);
                }
                catch (Exception ex) when (StoreOutage.Is(ex) && !StoreOutage.IsRefusal(ex))
                {
                    unavailable = true;
                    await stop.CancelAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Interlocked.Add(ref failed, batch.Length);
                    Log.ReplayFailed(_logger, siteId, name, ex);
                }
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
        if (unavailable || stop.IsCancellationRequested)
        {
            return SegmentOutcome.StoreUnavailable;
        }
        // Deleted only when every entry is accounted for, whatever ended the loop.
        if (failed > 0 || Volatile.Read(ref handled) != entries.Count)
        {
            return SegmentOutcome.Failed;
        }
        Log.SegmentStored(_logger, entries.Count, name);
        return SegmentOutcome.Stored;

        void Handled(SpooledComment entry)
        {
            _spool.Replayed(segment, entry.SubmittedAt);
            Interlocked.Increment(ref handled);
        }
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

        [LoggerMessage(2, LogLevel.Warning, "{Count} spooled comments of site {SiteId} are dropped: the site no longer exists")]
        public static partial void SiteGone(ILogger logger, string siteId, int count);

        [LoggerMessage(3, LogLevel.Error, "A spooled comment of site {SiteId} in {Segment} could not be stored; the segment is kept and tried again later")]
        public static partial void ReplayFailed(ILogger logger, string siteId, string segment, Exception? exception);

        [LoggerMessage(4, LogLevel.Error, "A spooled comment of site {SiteId} in {Segment} is dropped: its host_comment_id names another comment by now")]
        public static partial void HostIdTaken(ILogger logger, string siteId, string segment);

        [LoggerMessage(5, LogLevel.Error, "Spool segment {Segment} could not be read; it is kept and tried again later")]
        public static partial void SegmentUnreadable(ILogger logger, string segment, Exception exception);
    }
}
