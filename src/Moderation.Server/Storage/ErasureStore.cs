using System.Globalization;
using System.Text.Json;
using Polly;
using Polly.Registry;
using StackExchange.Redis;

namespace Moderation.Server.Storage;

/// <summary>
/// The writes of an erasure: one script per comment (erase.lua), then the streams, dead letters and per-person keys
/// that name erased comments or the person's hashes. Every step is safe to repeat, so the whole erasure is too.
/// </summary>
public sealed class ErasureStore(IConnectionMultiplexer redis, ResiliencePipelineProvider<string> provider)
{
    private static readonly RedisScript EraseScript = RedisScript.Load("erase");
    private static readonly TimeSpan AuditRetention = TimeSpan.FromDays(400);
    private const int AuditMax = 10_000;
    private const int StreamChunk = 1_000;

    private readonly ResiliencePipeline _idempotent = provider.GetPipeline(RedisResilience.Idempotent);
    private readonly ResiliencePipeline _once = provider.GetPipeline(RedisResilience.Once);

    /// <summary>The fingerprints of the records, by comment id; records that are gone are left out.</summary>
    public async Task<Dictionary<string, string>> FingerprintsAsync(string siteId, IReadOnlyList<string> commentIds, CancellationToken cancellationToken)
    {
        var values = await _idempotent.RunAsync(static async state =>
        {
            var batch = state.db.CreateBatch();
            var reads = state.commentIds.Select(id => batch.HashGetAsync(RedisKeys.Comment(state.siteId, id), "fp")).ToArray();
            batch.Execute();
            return await Task.WhenAll(reads).ConfigureAwait(false);
        }, (db: redis.GetDatabase(), siteId, commentIds), cancellationToken).ConfigureAwait(false);
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < values.Length; i++)
        {
            if (!values[i].IsNull)
            {
                found[commentIds[i]] = (string)values[i]!;
            }
        }
        return found;
    }

    /// <summary>Deletes the comment, or with an anonymised submission and assessment keeps it without personal data.</summary>
    public async Task<bool> EraseCommentAsync(string siteId, string commentId, string fingerprint, byte[]? submission, byte[]? assessment, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var args = EraseScript.NewCall()
            .Key("record", RedisKeys.Comment(siteId, commentId))
            .Key("duplicate", RedisKeys.Duplicate(siteId, fingerprint))
            .Key("pendingQueue", RedisKeys.PendingQueue(siteId))
            .Key("spamQueue", RedisKeys.SpamQueue(siteId))
            .Key("approvedIndex", RedisKeys.Index(siteId, 1))
            .Key("pendingIndex", RedisKeys.Index(siteId, 2))
            .Key("spamIndex", RedisKeys.Index(siteId, 3))
            .Key("discardedIndex", RedisKeys.Index(siteId, 4))
            .Key("rejectedIndex", RedisKeys.Index(siteId, 5))
            .Arg("commentId", commentId)
            .Arg("group", RedisKeys.ModeratorsGroup)
            .Arg("submission", submission ?? [])
            .Arg("assessment", assessment ?? [])
            .Arg("events", RedisKeys.EventsChannelName(siteId))
            .Arg("now", now.ToUnixTimeMilliseconds())
            .Arg("actor", actor);
        var result = await _idempotent.RunAsync(static state => EraseScript.EvaluateAsync(state.db, state.args),
            (db: redis.GetDatabase(), args), cancellationToken).ConfigureAwait(false);
        return (int)result == 1;
    }

    /// <summary>Removes the site's decision events of the comments; returns how many.</summary>
    public Task<int> RemoveDecisionEventsAsync(string siteId, IReadOnlySet<string> commentIds, CancellationToken cancellationToken) =>
        RemoveStreamEntriesAsync(RedisKeys.Decisions(siteId), commentIds, null, cancellationToken);

    /// <summary>
    /// Removes the site's labeled examples made from the comments and returns how many; before the first goes, it
    /// marks the site's model as due for a retrain, so a call cut short in between still leads to one.
    /// </summary>
    public Task<int> RemoveExamplesAsync(string siteId, IReadOnlySet<string> commentIds, CancellationToken cancellationToken) =>
        RemoveStreamEntriesAsync(RedisKeys.ExamplesOf(siteId), commentIds, () => MarkRetrainDueAsync(siteId, cancellationToken), cancellationToken);

    // The entries of a stream whose "c" field is one of the comments.
    private async Task<int> RemoveStreamEntriesAsync(RedisKey stream, IReadOnlySet<string> commentIds, Func<Task>? beforeFirstRemoval, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var removed = 0;
        RedisValue from = "-";
        while (true)
        {
            var entries = await _idempotent.RunAsync(static state => state.db.StreamRangeAsync(state.stream, state.from, "+", StreamChunk),
                (db, stream, from), cancellationToken).ConfigureAwait(false);
            var matching = entries.Where(e => commentIds.Contains((string?)e["c"] ?? "")).Select(e => e.Id).ToArray();
            if (matching.Length > 0)
            {
                if (removed == 0 && beforeFirstRemoval is not null)
                {
                    await beforeFirstRemoval().ConfigureAwait(false);
                }
                removed += (int)await _idempotent.RunAsync(static state => state.db.StreamDeleteAsync(state.stream, state.matching),
                    (db, stream, matching), cancellationToken).ConfigureAwait(false);
            }
            if (entries.Length < StreamChunk)
            {
                return removed;
            }
            from = "(" + entries[^1].Id;
        }
    }

    /// <summary>Removes the site's dead webhook letters of the comments; returns how many.</summary>
    public async Task<int> RemoveDeadLettersAsync(string siteId, IReadOnlySet<string> commentIds, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var key = RedisKeys.DeadWebhooks(siteId);
        var items = await _idempotent.RunAsync(static state => state.db.ListRangeAsync(state.key, 0, WebhookStore.MaxDead - 1),
            (db, key), cancellationToken).ConfigureAwait(false);
        var removed = 0;
        foreach (var item in items)
        {
            using var json = JsonDocument.Parse((string)item!);
            if (commentIds.Contains(json.RootElement.GetProperty("comment_id").GetString() ?? ""))
            {
                removed += (int)await _idempotent.RunAsync(static state => state.db.ListRemoveAsync(state.key, state.item, 1),
                    (db, key, item), cancellationToken).ConfigureAwait(false);
            }
        }
        return removed;
    }

    /// <summary>
    /// Deletes what is kept under the hashes of a person's email, IPs and website: the author's standing and flood
    /// window, each IP's reputation, flood window and rate count, the website's reputation. Returns how many keys there were.
    /// </summary>
    public async Task<long> DeletePersonKeysAsync(string siteId, IEnumerable<string> emailHashes, IEnumerable<string> ipHashes, IEnumerable<string> hostHashes, CancellationToken cancellationToken)
    {
        var keys = new List<RedisKey>();
        foreach (var emailHash in emailHashes)
        {
            keys.Add(RedisKeys.Author(siteId, emailHash));
            keys.Add(RedisKeys.FloodByEmail(siteId, emailHash));
        }
        foreach (var ipHash in ipHashes)
        {
            keys.Add(RedisKeys.IpReputation(siteId, ipHash));
            keys.Add(RedisKeys.FloodByIp(siteId, ipHash));
            keys.Add(RedisKeys.RateByIp(siteId, ipHash));
        }
        keys.AddRange(hostHashes.Select(h => RedisKeys.UrlReputation(siteId, h)));
        return keys.Count == 0 ? 0 : await _idempotent.RunAsync(static state => state.db.KeyDeleteAsync(state.keys),
            (db: redis.GetDatabase(), keys: keys.ToArray()), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The ids of every comment record of the site, in chunks, by SCAN on the node that holds the site's slot: every
    /// record that exists for the whole scan is found once at least, whatever its status or index entry.
    /// </summary>
    public async IAsyncEnumerable<List<string>> CommentIdsAsync(string siteId, int chunk, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var prefix = RedisKeys.Comment(siteId, "").ToString();
        var server = redis.GetServer(db.IdentifyEndpoint(RedisKeys.Site(siteId)) ?? redis.GetEndPoints()[0]);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var batch = new List<string>(chunk);
        await foreach (var key in server.KeysAsync(db.Database, prefix + "*", pageSize: 1000).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var id = key.ToString()[prefix.Length..];
            if (ids.Add(id))
            {
                batch.Add(id);
            }
            if (batch.Count == chunk)
            {
                yield return batch;
                batch = new List<string>(chunk);
            }
        }
        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    private async Task MarkRetrainDueAsync(string siteId, CancellationToken cancellationToken) =>
        await _idempotent.RunAsync(static state => state.db.StringSetAsync(RedisKeys.RetrainDue(state.siteId), "1", TimeSpan.FromDays(30)),
            (db: redis.GetDatabase(), siteId), cancellationToken).ConfigureAwait(false);

    public async Task<bool> IsRetrainDueAsync(string siteId, CancellationToken cancellationToken) =>
        await _idempotent.RunAsync(static state => state.db.KeyExistsAsync(RedisKeys.RetrainDue(state.siteId)),
            (db: redis.GetDatabase(), siteId), cancellationToken).ConfigureAwait(false);

    public async Task ClearRetrainDueAsync(string siteId, CancellationToken cancellationToken) =>
        await _idempotent.RunAsync(static state => state.db.KeyDeleteAsync(RedisKeys.RetrainDue(state.siteId)),
            (db: redis.GetDatabase(), siteId), cancellationToken).ConfigureAwait(false);

    /// <summary>Records that an erasure happened: by whom, when and how much, never whose.</summary>
    public async Task AuditErasureAsync(string siteId, string actor, bool anonymised, int comments, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = RedisKeys.Audit(siteId);
        NameValueEntry[] fields =
        [
            new("op", anonymised ? "anonymise_author" : "erase_author"), new("by", actor),
            new("t", now.ToUnixTimeMilliseconds()), new("comments", comments.ToString(CultureInfo.InvariantCulture)),
        ];
        // Once, not retried: a retry after a lost answer would record one erasure twice.
        await _once.RunAsync(static async state =>
        {
            var tx = state.db.CreateTransaction();
            _ = tx.StreamAddAsync(state.key, state.fields, maxLength: AuditMax, useApproximateMaxLength: true);
            _ = tx.KeyExpireAsync(state.key, AuditRetention);
            await tx.ExecuteAsync().ConfigureAwait(false);
        }, (db: redis.GetDatabase(), key, fields), cancellationToken).ConfigureAwait(false);
    }
}
