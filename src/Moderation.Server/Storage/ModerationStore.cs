using System.Globalization;
using System.Text.Json;
using Polly;
using Polly.Registry;
using StackExchange.Redis;

namespace Moderation.Server.Storage;

/// <summary>One status change the decide script applies, with everything it needs to know about the comment.</summary>
public sealed record DecideCommand(
    string SiteId,
    StoredComment Comment,
    string HostCommentId,
    int NewStatus,
    int ExpectedStatus,
    string Actor,
    byte[] HistoryEntry,
    string Label,
    string? EmailHash,
    string IpHash,
    string? UrlHostHash,
    string StatsField,
    TimeSpan Retention,
    DateTimeOffset Now,
    bool IgnoreClaims = false);

public enum DecideStatus
{
    Decided = DecideScript.Decided,
    Missing = DecideScript.Missing,
    Stale = DecideScript.Stale,
    StatusConflict = DecideScript.StatusConflict,
    ClaimedByOther = DecideScript.ClaimedByOther,
    Unchanged = DecideScript.Unchanged,
}

/// <summary>What the decide script did: the new cursor and the previous status, or why it did nothing (with the current status or the claim's owner).</summary>
public readonly record struct DecideOutcome(DecideStatus Status, string Cursor, int PreviousStatus, string Detail);

/// <summary>A queue entry handed to a moderator.</summary>
public readonly record struct QueueEntry(string EntryId, string CommentId);

/// <summary>Counts behind GetQueueStats.</summary>
public sealed record QueueCounts(IReadOnlyDictionary<int, long> PerStatus, DateTimeOffset? OldestPending, long Claimed, long DeadWebhooks, IReadOnlyList<(DateOnly Day, IReadOnlyDictionary<string, long> Counts)> Daily);

/// <summary>The moderators' side of the store: claims on the queues' consumer group, decisions, listings by status index.</summary>
public sealed class ModerationStore(IConnectionMultiplexer redis, ResiliencePipelineProvider<string> provider)
{
    /// <summary>The longest lease; every claim is measured against it (see <see cref="ClaimScript"/>).</summary>
    public static readonly TimeSpan MaxLease = TimeSpan.FromHours(1);
    public const int MaxExamples = 100_000;
    public static readonly int[] Statuses = [1, 2, 3, 4, 5];

    private readonly ResiliencePipeline _idempotent = provider.GetPipeline(RedisResilience.Idempotent);
    private readonly ResiliencePipeline _once = provider.GetPipeline(RedisResilience.Once);

    /// <summary>Safe to retry: a repeat finds the cursor moved and reports Stale, which the caller re-reads.</summary>
    public async Task<DecideOutcome> DecideAsync(DecideCommand c, CancellationToken cancellationToken)
    {
        var site = c.SiteId;
        var nowMs = c.Now.ToUnixTimeMilliseconds();
        var args = new DecideScript.Args
        {
            record = RedisKeys.Comment(site, c.Comment.CommentId),
            pendingQueue = RedisKeys.PendingQueue(site),
            spamQueue = RedisKeys.SpamQueue(site),
            approvedIndex = RedisKeys.Index(site, 1),
            pendingIndex = RedisKeys.Index(site, 2),
            spamIndex = RedisKeys.Index(site, 3),
            discardedIndex = RedisKeys.Index(site, 4),
            rejectedIndex = RedisKeys.Index(site, 5),
            decisions = RedisKeys.Decisions(site),
            examples = RedisKeys.ExamplesOf(site),
            author = RedisKeys.Author(site, c.EmailHash ?? "-"),
            ipReputation = RedisKeys.IpReputation(site, c.IpHash),
            urlReputation = RedisKeys.UrlReputation(site, c.UrlHostHash ?? "-"),
            stats = RedisKeys.DailyStats(site, c.Now),
            expectedCur = c.Comment.Cursor,
            expectedStatus = c.ExpectedStatus.ToString(CultureInfo.InvariantCulture),
            newStatus = c.NewStatus.ToString(CultureInfo.InvariantCulture),
            actor = c.Actor,
            ignoreClaims = c.IgnoreClaims ? "1" : "0",
            maxLeaseMs = (long)MaxLease.TotalMilliseconds,
            commentId = c.Comment.CommentId,
            hostCommentId = c.HostCommentId,
            now = nowMs,
            ttlMs = (long)c.Retention.TotalMilliseconds,
            historyEntry = c.HistoryEntry,
            label = c.Label,
            examplesMax = MaxExamples,
            hasAuthor = c.EmailHash is null ? "0" : "1",
            hasUrl = c.UrlHostHash is null ? "0" : "1",
            reputationMs = (long)StoragePolicy.AuthorRetention.TotalMilliseconds,
            spamMinId = MinId(nowMs, c.Retention),
            decisionsMinId = MinId(nowMs, StoragePolicy.DecisionRetention),
            examplesMinId = MinId(nowMs, StoragePolicy.ExampleRetention),
            statsField = c.StatsField,
            statsTtlSeconds = (long)StoragePolicy.StatsRetention.TotalSeconds,
            events = RedisKeys.EventsChannelName(site),
        };
        var db = redis.GetDatabase();
        var result = await _idempotent.RunAsync(
            static state => state.db.ScriptEvaluateAsync(DecideScript.Script, state.args),
            (db, args), cancellationToken).ConfigureAwait(false);
        var parts = (RedisResult[])result!;
        var status = (DecideStatus)(int)parts[0];
        return status switch
        {
            DecideStatus.Decided => new(status, (string)parts[1]!, int.Parse((string)parts[2]!, CultureInfo.InvariantCulture), ""),
            DecideStatus.StatusConflict or DecideStatus.Unchanged => new(status, "", int.Parse((string)parts[1]!, CultureInfo.InvariantCulture), ""),
            DecideStatus.ClaimedByOther => new(status, "", 0, (string)parts[1]!),
            _ => new(status, "", 0, ""),
        };
    }

    /// <summary>Not retried: a retry after a lost reply would claim a second batch.</summary>
    public async Task<(DateTimeOffset LeaseExpiresAt, List<QueueEntry> Entries)> ClaimAsync(string siteId, int queueStatus, string consumer, int count, TimeSpan lease, CancellationToken cancellationToken)
    {
        var args = new ClaimScript.ClaimArgs
        {
            queue = QueueOf(siteId, queueStatus),
            consumer = consumer,
            count = count,
            leaseMs = (long)lease.TotalMilliseconds,
            maxLeaseMs = (long)MaxLease.TotalMilliseconds,
            status = queueStatus.ToString(CultureInfo.InvariantCulture),
            events = RedisKeys.EventsChannelName(siteId),
        };
        var db = redis.GetDatabase();
        var result = await _once.RunAsync(
            static state => state.db.ScriptEvaluateAsync(ClaimScript.Claim, state.args),
            (db, args), cancellationToken).ConfigureAwait(false);
        var parts = (RedisResult[])result!;
        var expires = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse((string)parts[0]!, CultureInfo.InvariantCulture));
        var entries = new List<QueueEntry>((parts.Length - 1) / 2);
        for (var i = 1; i + 1 < parts.Length; i += 2)
        {
            entries.Add(new QueueEntry((string)parts[i]!, (string)parts[i + 1]!));
        }
        return (expires, entries);
    }

    public async Task<int> ReleaseAsync(string siteId, int queueStatus, string consumer, IReadOnlyList<QueueEntry> entries, CancellationToken cancellationToken)
    {
        var args = new ClaimScript.ReleaseArgs
        {
            queue = QueueOf(siteId, queueStatus),
            consumer = consumer,
            entries = JsonSerializer.Serialize(entries.Select(e => new[] { e.EntryId, e.CommentId })),
            maxLeaseMs = (long)MaxLease.TotalMilliseconds,
            status = queueStatus.ToString(CultureInfo.InvariantCulture),
            events = RedisKeys.EventsChannelName(siteId),
        };
        var db = redis.GetDatabase();
        var result = await _idempotent.RunAsync(
            static state => state.db.ScriptEvaluateAsync(ClaimScript.Release, state.args),
            (db, args), cancellationToken).ConfigureAwait(false);
        return (int)result;
    }

    /// <summary>Drops queue entries whose comments expired or moved on, so they are never handed out again.</summary>
    public async Task AcknowledgeAsync(string siteId, int queueStatus, IReadOnlyList<string> entryIds, CancellationToken cancellationToken)
    {
        if (entryIds.Count == 0)
        {
            return;
        }
        var db = redis.GetDatabase();
        var queue = QueueOf(siteId, queueStatus);
        var ids = entryIds.Select(id => (RedisValue)id).ToArray();
        await _idempotent.RunAsync(static async state =>
        {
            await state.db.StreamAcknowledgeAsync(state.queue, RedisKeys.ModeratorsGroup, state.ids).ConfigureAwait(false);
            await state.db.StreamDeleteAsync(state.queue, state.ids).ConfigureAwait(false);
        }, (db, queue, ids), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A page of a status index: ids with their scores (the decision time in ms × 1000 + sequence), strictly
    /// after <paramref name="after"/> in the chosen order.
    /// </summary>
    public async Task<List<(string CommentId, long Score)>> PageAsync(string siteId, int status, bool newestFirst, long? after, int count, CancellationToken cancellationToken)
    {
        var key = RedisKeys.Index(siteId, status);
        object[] args = newestFirst
            ? [key, after is { } a ? "(" + a.ToString(CultureInfo.InvariantCulture) : "+inf", "-inf", "BYSCORE", "REV", "LIMIT", 0, count, "WITHSCORES"]
            : [key, after is { } b ? "(" + b.ToString(CultureInfo.InvariantCulture) : "-inf", "+inf", "BYSCORE", "LIMIT", 0, count, "WITHSCORES"];
        var db = redis.GetDatabase();
        var result = await _idempotent.RunAsync(
            static state => state.db.ExecuteAsync("ZRANGE", state.args),
            (db, args), cancellationToken).ConfigureAwait(false);
        var parts = (RedisResult[])result!;
        // RESP2 answers member, score, member, ...; RESP3 answers [member, score] pairs.
        if (parts.Length > 0 && parts[0].Resp2Type == ResultType.Array)
        {
            parts = [.. parts.SelectMany(pair => (RedisResult[])pair!)];
        }
        var page = new List<(string, long)>(parts.Length / 2);
        for (var i = 0; i + 1 < parts.Length; i += 2)
        {
            page.Add(((string)parts[i]!, (long)(double)parts[i + 1]));
        }
        return page;
    }

    /// <summary>Removes index entries whose records expired.</summary>
    public async Task RemoveFromIndexAsync(string siteId, int status, IReadOnlyList<string> commentIds, CancellationToken cancellationToken)
    {
        if (commentIds.Count == 0)
        {
            return;
        }
        var db = redis.GetDatabase();
        var key = RedisKeys.Index(siteId, status);
        var members = commentIds.Select(id => (RedisValue)id).ToArray();
        await _idempotent.RunAsync(
            static state => state.db.SortedSetRemoveAsync(state.key, state.members),
            (db, key, members), cancellationToken).ConfigureAwait(false);
    }

    public async Task<QueueCounts> CountAsync(string siteId, IReadOnlyDictionary<int, TimeSpan> retention, DateTimeOffset now, int days, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        return await _idempotent.RunAsync(static async state =>
        {
            var (db, siteId, retention, now, days) = state;
            var nowMs = now.ToUnixTimeMilliseconds();
            var batch = db.CreateBatch();
            var counts = Statuses.ToDictionary(s => s, s => batch.SortedSetLengthAsync(RedisKeys.Index(siteId, s),
                min: (nowMs - (long)retention[s].TotalMilliseconds) * 1000d));
            var oldest = batch.SortedSetRangeByRankWithScoresAsync(RedisKeys.Index(siteId, 2), 0, 0);
            var pendingSummary = Statuses.Where(s => s is 2 or 3).Select(s => batch.ExecuteAsync("XPENDING", QueueOf(siteId, s), RedisKeys.ModeratorsGroup)).ToArray();
            var expired = Statuses.Where(s => s is 2 or 3).Select(s => batch.ExecuteAsync("XPENDING", QueueOf(siteId, s), RedisKeys.ModeratorsGroup, "IDLE", (long)MaxLease.TotalMilliseconds, "-", "+", 10_000)).ToArray();
            var dead = batch.ListLengthAsync(RedisKeys.DeadWebhooks(siteId));
            var daily = Enumerable.Range(0, days).Select(d => now.AddDays(-d))
                .Select(day => (Day: DateOnly.FromDateTime(day.UtcDateTime), Counts: batch.HashGetAllAsync(RedisKeys.DailyStats(siteId, day)))).ToArray();
            batch.Execute();

            var perStatus = new Dictionary<int, long>();
            foreach (var (status, count) in counts)
            {
                perStatus[status] = await count.ConfigureAwait(false);
            }
            var oldestEntry = await oldest.ConfigureAwait(false);
            DateTimeOffset? oldestPending = oldestEntry.Length == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)(oldestEntry[0].Score / 1000));
            long claimed = 0;
            for (var i = 0; i < pendingSummary.Length; i++)
            {
                var summary = (RedisResult[])(await pendingSummary[i].ConfigureAwait(false))!;
                claimed += (long)summary[0] - ((RedisResult[])(await expired[i].ConfigureAwait(false))!).Length;
            }
            var perDay = new List<(DateOnly, IReadOnlyDictionary<string, long>)>();
            foreach (var (day, entries) in daily)
            {
                var values = await entries.ConfigureAwait(false);
                perDay.Add((day, values.ToDictionary(e => (string)e.Name!, e => (long)e.Value)));
            }
            return new QueueCounts(perStatus, oldestPending, claimed, await dead.ConfigureAwait(false), perDay);
        }, (db, siteId, retention, now, days), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Decision events strictly after <paramref name="afterId"/>, oldest first.</summary>
    public async Task<List<DecisionRecord>> ReadDecisionsAsync(string siteId, string afterId, int count, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var entries = await _idempotent.RunAsync(
            static state => state.db.StreamRangeAsync(RedisKeys.Decisions(state.siteId), "(" + state.afterId, "+", state.count),
            (db, siteId, afterId, count), cancellationToken).ConfigureAwait(false);
        return [.. entries.Select(e => DecisionRecord.FromEntry(e, e.Id!))];
    }

    /// <summary>The id of the newest decision event, or 0-0 when there is none.</summary>
    public async Task<string> LastDecisionIdAsync(string siteId, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var last = await _idempotent.RunAsync(
            static state => state.db.StreamRangeAsync(RedisKeys.Decisions(state.siteId), "-", "+", 1, Order.Descending),
            (db, siteId), cancellationToken).ConfigureAwait(false);
        return last.Length == 0 ? "0-0" : (string)last[0].Id!;
    }

    public static RedisKey QueueOf(string siteId, int queueStatus) => queueStatus == 3 ? RedisKeys.SpamQueue(siteId) : RedisKeys.PendingQueue(siteId);

    internal static string MinId(long nowMs, TimeSpan retention) =>
        Math.Max(0, nowMs - (long)retention.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
}
