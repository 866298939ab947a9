using System.Globalization;
using System.Text.Json;
using Polly;
using Polly.Registry;
using StackExchange.Redis;

namespace Moderation.Server.Storage;

/// <summary>The moderators' side of the store: claims on the queues' consumer group, decisions, listings by status index.</summary>
public sealed class ModerationStore(IConnectionMultiplexer redis, ResiliencePipelineProvider<string> provider)
{
    private static readonly RedisScript DecideScript = RedisScript.Load("decide", typeof(DecideStatus));
    private static readonly RedisScript ClaimScript = RedisScript.Load("claim");
    private static readonly RedisScript ReleaseScript = RedisScript.Load("release");

    /// <summary>The longest lease; every claim is measured against it (see claim.lua).</summary>
    public static readonly TimeSpan MaxLease = TimeSpan.FromHours(1);
    public const int MaxExamples = 100_000;
    public static readonly int[] Statuses = [1, 2, 3, 4, 5];
    private static readonly int[] ClaimedQueues = [2, 3];

    private readonly ResiliencePipeline _idempotent = provider.GetPipeline(RedisResilience.Idempotent);
    private readonly ResiliencePipeline _once = provider.GetPipeline(RedisResilience.Once);

    /// <summary>Safe to retry: a repeat finds the cursor moved and reports Stale, which the caller re-reads.</summary>
    public async Task<DecideOutcome> DecideAsync(DecideCommand c, CancellationToken cancellationToken)
    {
        var site = c.SiteId;
        var nowMs = c.Now.ToUnixTimeMilliseconds();
        var args = DecideScript.NewCall()
            .Key("record", RedisKeys.Comment(site, c.Comment.CommentId))
            .Key("pendingQueue", RedisKeys.PendingQueue(site))
            .Key("spamQueue", RedisKeys.SpamQueue(site))
            .Key("approvedIndex", RedisKeys.Index(site, 1))
            .Key("pendingIndex", RedisKeys.Index(site, 2))
            .Key("spamIndex", RedisKeys.Index(site, 3))
            .Key("discardedIndex", RedisKeys.Index(site, 4))
            .Key("rejectedIndex", RedisKeys.Index(site, 5))
            .Key("decisions", RedisKeys.Decisions(site))
            .Key("examples", RedisKeys.ExamplesOf(site))
            .Key("author", RedisKeys.Author(site, c.EmailHash ?? "-"))
            .Key("ipReputation", RedisKeys.IpReputation(site, c.IpHash))
            .Key("urlReputation", RedisKeys.UrlReputation(site, c.UrlHostHash ?? "-"))
            .Key("stats", RedisKeys.DailyStats(site, c.Now))
            .Arg("expectedCur", c.Comment.Cursor)
            .Arg("expectedStatus", c.ExpectedStatus)
            .Arg("newStatus", c.NewStatus)
            .Arg("actor", c.Actor)
            .Arg("ignoreClaims", c.IgnoreClaims ? "1" : "0")
            .Arg("group", RedisKeys.ModeratorsGroup)
            .Arg("maxLeaseMs", (long)MaxLease.TotalMilliseconds)
            .Arg("commentId", c.Comment.CommentId)
            .Arg("hostCommentId", c.HostCommentId)
            .Arg("now", nowMs)
            .Arg("ttlMs", (long)c.Retention.TotalMilliseconds)
            .Arg("historyEntry", c.HistoryEntry)
            .Arg("label", c.Label)
            .Arg("examplesMax", MaxExamples)
            .Arg("hasAuthor", c.EmailHash is null ? "0" : "1")
            .Arg("hasUrl", c.UrlHostHash is null ? "0" : "1")
            .Arg("reputationMs", (long)StoragePolicy.AuthorRetention.TotalMilliseconds)
            .Arg("spamMinId", MinId(nowMs, c.Retention))
            .Arg("decisionsMinId", MinId(nowMs, StoragePolicy.DecisionRetention))
            .Arg("examplesMinId", MinId(nowMs, c.ExampleRetention))
            .Arg("examplesTtlMs", (long)c.ExampleRetention.TotalMilliseconds)
            .Arg("exampleFields", ExampleFormat.Fields)
            .Arg("statsField", c.StatsField)
            .Arg("statsTtlSeconds", (long)StoragePolicy.StatsRetention.TotalSeconds)
            .Arg("events", RedisKeys.EventsChannelName(site));
        var db = redis.GetDatabase();
        var result = await _idempotent.RunAsync(
            static state => DecideScript.EvaluateAsync(state.db, state.args),
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
        var args = ClaimScript.NewCall()
            .Key("queue", QueueOf(siteId, queueStatus))
            .Arg("group", RedisKeys.ModeratorsGroup)
            .Arg("consumer", consumer)
            .Arg("count", count)
            .Arg("leaseMs", (long)lease.TotalMilliseconds)
            .Arg("maxLeaseMs", (long)MaxLease.TotalMilliseconds)
            .Arg("status", queueStatus)
            .Arg("events", RedisKeys.EventsChannelName(siteId));
        var db = redis.GetDatabase();
        var result = await _once.RunAsync(
            static state => ClaimScript.EvaluateAsync(state.db, state.args),
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
        var args = ReleaseScript.NewCall()
            .Key("queue", QueueOf(siteId, queueStatus))
            .Arg("group", RedisKeys.ModeratorsGroup)
            .Arg("consumer", consumer)
            .Arg("entries", JsonSerializer.Serialize(entries.Select(e => new[] { e.EntryId, e.CommentId })))
            .Arg("maxLeaseMs", (long)MaxLease.TotalMilliseconds)
            .Arg("status", queueStatus)
            .Arg("events", RedisKeys.EventsChannelName(siteId));
        var db = redis.GetDatabase();
        var result = await _idempotent.RunAsync(
            static state => ReleaseScript.EvaluateAsync(state.db, state.args),
            (db, args), cancellationToken).ConfigureAwait(false);
        return (int)result;
    }

    /// <summary>The entries <paramref name="consumer"/> holds on a lease that has not run out, oldest first.</summary>
    public async Task<List<QueueEntry>> HeldAsync(string siteId, int queueStatus, string consumer, int count, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        return await _idempotent.RunAsync(static async state =>
        {
            var (db, queue, consumer, count) = state;
            var pending = (RedisResult[])(await db.ExecuteAsync("XPENDING", queue, RedisKeys.ModeratorsGroup, "-", "+", count, consumer).ConfigureAwait(false))!;
            // A lease is a delivery idle for less than MaxLease (claim.lua back-dates shorter ones).
            var live = pending.Select(p => (RedisResult[])p!).Where(p => (long)p[2] < (long)MaxLease.TotalMilliseconds).Select(p => (string)p[0]!).ToList();
            var entries = new List<QueueEntry>(live.Count);
            foreach (var id in live)
            {
                var found = await db.StreamRangeAsync(queue, id, id, 1).ConfigureAwait(false);
                if (found.Length == 1 && !found[0]["c"].IsNull)
                {
                    entries.Add(new QueueEntry(id, (string)found[0]["c"]!));
                }
            }
            return entries;
        }, (db, QueueOf(siteId, queueStatus), consumer, count), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The holder of each of <paramref name="entryIds"/> delivered on a live lease: entry id → consumer.</summary>
    public async Task<Dictionary<string, string>> HoldersAsync(string siteId, int queueStatus, IReadOnlyList<string> entryIds, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        return await _idempotent.RunAsync(static async state =>
        {
            var (db, queue, ids) = state;
            var batch = db.CreateBatch();
            var answers = ids.Select(id => batch.ExecuteAsync("XPENDING", queue, RedisKeys.ModeratorsGroup, id, id, 1)).ToArray();
            batch.Execute();
            var holders = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < ids.Count; i++)
            {
                var pending = (RedisResult[])(await answers[i].ConfigureAwait(false))!;
                if (pending.Length == 1 && (RedisResult[])pending[0]! is { } entry && (long)entry[2] < (long)MaxLease.TotalMilliseconds)
                {
                    holders[ids[i]] = (string)entry[1]!;
                }
            }
            return holders;
        }, (db, QueueOf(siteId, queueStatus), entryIds), cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// Per site, how many comments wait in the pending and spam queues and when the oldest pending one arrived: one
    /// round trip for all of them, five cheap commands a site.
    /// </summary>
    public async Task<List<QueueSample>> SampleQueuesAsync(IReadOnlyList<string> siteIds, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        return await _idempotent.RunAsync(static async state =>
        {
            var batch = state.db.CreateBatch();
            var reads = state.siteIds.Select(siteId => (
                SiteId: siteId,
                Pending: batch.SortedSetLengthAsync(RedisKeys.Index(siteId, 2)),
                Spam: batch.SortedSetLengthAsync(RedisKeys.Index(siteId, 3)),
                Oldest: batch.SortedSetRangeByRankWithScoresAsync(RedisKeys.Index(siteId, 2), 0, 0),
                // A lease is a delivery idle for less than MaxLease (claim.lua back-dates shorter ones).
                Expired: ClaimedQueues.Select(s => batch.ExecuteAsync("XPENDING", QueueOf(siteId, s), RedisKeys.ModeratorsGroup, "IDLE", (long)MaxLease.TotalMilliseconds, "-", "+", 1000)).ToArray())).ToArray();
            batch.Execute();
            var samples = new List<QueueSample>(reads.Length);
            foreach (var (siteId, pending, spam, oldest, expired) in reads)
            {
                try
                {
                    var first = await oldest.ConfigureAwait(false);
                    long expiredLeases = 0;
                    foreach (var queue in expired)
                    {
                        expiredLeases += ((RedisResult[])(await queue.ConfigureAwait(false))!).Length;
                    }
                    samples.Add(new QueueSample(siteId, await pending.ConfigureAwait(false), await spam.ConfigureAwait(false),
                        first.Length == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)(first[0].Score / 1000)), expiredLeases));
                }
                catch (RedisServerException)
                {
                    // One site's refusal (a queue half created) leaves that site out of this sample, not every site.
                }
            }
            return samples;
        }, (db, siteIds), cancellationToken).ConfigureAwait(false);
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

    /// <summary>Decision events from <paramref name="since"/> on, oldest first, up to <paramref name="max"/>.</summary>
    public async Task<List<DecisionRecord>> ReadDecisionsSinceAsync(string siteId, DateTimeOffset since, int max, CancellationToken cancellationToken)
    {
        const int Page = 1_000;
        var all = new List<DecisionRecord>();
        var after = since.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var inclusive = true;
        while (all.Count < max)
        {
            var start = inclusive ? after : "(" + after;
            var page = await ReadRangeAsync(siteId, start, Math.Min(Page, max - all.Count), cancellationToken).ConfigureAwait(false);
            all.AddRange(page);
            if (page.Count < Page)
            {
                break;
            }
            after = page[^1].Cursor;
            inclusive = false;
        }
        return all;
    }

    private async Task<List<DecisionRecord>> ReadRangeAsync(string siteId, string start, int count, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var entries = await _idempotent.RunAsync(
            static state => state.db.StreamRangeAsync(RedisKeys.Decisions(state.siteId), state.start, "+", state.count),
            (db, siteId, start, count), cancellationToken).ConfigureAwait(false);
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
