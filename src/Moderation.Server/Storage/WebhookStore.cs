using Polly;
using Polly.Registry;
using StackExchange.Redis;

namespace Moderation.Server.Storage;

/// <summary>
/// Webhook deliveries ride the decision stream on their own consumer group, so an event stays pending until
/// delivered. Failed-for-good events go to a capped dead-letter list; redelivery feeds them back through a
/// second stream read by the same group.
/// </summary>
public sealed class WebhookStore(IConnectionMultiplexer redis, ResiliencePipelineProvider<string> provider)
{
    public const int MaxDead = 1_000;

    private static readonly RedisScript DeadLetterScript = RedisScript.Load("dead-letter");
    private static readonly RedisScript RequeueScript = RedisScript.Load("requeue-dead");

    private readonly ResiliencePipeline _idempotent = provider.GetPipeline(RedisResilience.Idempotent);

    /// <summary>Starts (at the current end of the stream) or stops the webhook group of a site.</summary>
    public async Task SubscribeAsync(string siteId, bool enabled, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        await _idempotent.RunAsync(static async state =>
        {
            var (db, siteId, enabled) = state;
            foreach (var stream in new[] { RedisKeys.Decisions(siteId), RedisKeys.RedeliverWebhooks(siteId) })
            {
                if (!enabled)
                {
                    if (await db.KeyExistsAsync(stream).ConfigureAwait(false))
                    {
                        try
                        {
                            await db.StreamDeleteConsumerGroupAsync(stream, RedisKeys.WebhooksGroup).ConfigureAwait(false);
                        }
                        catch (RedisServerException ex) when (ex.Message.Contains("NOGROUP", StringComparison.Ordinal))
                        {
                        }
                    }
                    continue;
                }
                try
                {
                    await db.StreamCreateConsumerGroupAsync(stream, RedisKeys.WebhooksGroup, StreamPosition.NewMessages, createStream: true).ConfigureAwait(false);
                }
                catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
                {
                }
            }
        }, (db, siteId, enabled), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The next events for this consumer: its own unacknowledged ones first (retries), then ones a crashed
    /// replica left idle longer than <paramref name="orphanAfter"/>, then new ones.
    /// </summary>
    public async Task<List<DecisionEvent>> ReadAsync(string siteId, string consumer, int count, TimeSpan orphanAfter, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadGroupAsync(siteId, consumer, count, orphanAfter).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
        {
            // Webhooks were turned on by an older version, or the group was lost: start it at the current end.
            await SubscribeAsync(siteId, enabled: true, cancellationToken).ConfigureAwait(false);
            return [];
        }
    }

    private async Task<List<DecisionEvent>> ReadGroupAsync(string siteId, string consumer, int count, TimeSpan orphanAfter)
    {
        var db = redis.GetDatabase();
        var events = new List<DecisionEvent>();
        foreach (var stream in new[] { RedisKeys.RedeliverWebhooks(siteId), RedisKeys.Decisions(siteId) })
        {
            var own = await db.StreamReadGroupAsync(stream, RedisKeys.WebhooksGroup, consumer, "0", count).ConfigureAwait(false);
            Add(stream, own);
            if (events.Count >= count)
            {
                break;
            }
            var orphans = await db.StreamAutoClaimAsync(stream, RedisKeys.WebhooksGroup, consumer, (long)orphanAfter.TotalMilliseconds, "0-0", count - events.Count).ConfigureAwait(false);
            Add(stream, orphans.ClaimedEntries);
            if (events.Count >= count)
            {
                break;
            }
            var fresh = await db.StreamReadGroupAsync(stream, RedisKeys.WebhooksGroup, consumer, ">", count - events.Count).ConfigureAwait(false);
            Add(stream, fresh);
            if (events.Count > 0)
            {
                break;
            }
        }
        return events;

        void Add(RedisKey stream, StreamEntry[] entries)
        {
            foreach (var entry in entries)
            {
                if (entry.IsNull)
                {
                    // Trimmed from the stream while pending: nothing left to deliver.
                    db.StreamAcknowledge(stream, RedisKeys.WebhooksGroup, entry.Id, CommandFlags.FireAndForget);
                    continue;
                }
                var cursor = entry["cur"];
                events.Add(new DecisionEvent(stream!, entry.Id!, DecisionRecord.FromEntry(entry, cursor.IsNull ? (string)entry.Id! : (string)cursor!)));
            }
        }
    }

    public async Task AcknowledgeAsync(string siteId, DecisionEvent e)
    {
        var db = redis.GetDatabase();
        await db.StreamAcknowledgeAsync(e.Source, RedisKeys.WebhooksGroup, e.EntryId).ConfigureAwait(false);
        if (e.Source == RedisKeys.RedeliverWebhooks(siteId))
        {
            await db.StreamDeleteAsync(e.Source, [e.EntryId]).ConfigureAwait(false);
        }
    }

    public async Task DeadLetterAsync(string siteId, DecisionEvent e, int attempts, string lastError, DateTimeOffset now)
    {
        var d = e.Decision;
        var entry = System.Text.Json.JsonSerializer.Serialize(new
        {
            cursor = d.Cursor,
            comment_id = d.CommentId,
            host_comment_id = d.HostCommentId,
            previous_status = d.PreviousStatus,
            status = d.Status,
            actor = d.Actor,
            time_ms = d.Time.ToUnixTimeMilliseconds(),
            attempts,
            last_error = lastError,
            dead_ms = now.ToUnixTimeMilliseconds(),
        });
        var args = DeadLetterScript.NewCall()
            .Key("dead", RedisKeys.DeadWebhooks(siteId))
            .Key("source", e.Source)
            .Key("redeliver", RedisKeys.RedeliverWebhooks(siteId))
            .Arg("entry", entry)
            .Arg("maxDead", MaxDead)
            .Arg("group", RedisKeys.WebhooksGroup)
            .Arg("entryId", e.EntryId);
        await DeadLetterScript.EvaluateAsync(redis.GetDatabase(), args).ConfigureAwait(false);
    }

    public async Task<List<DeadLetter>> ListDeadAsync(string siteId, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var items = await _idempotent.RunAsync(
            static state => state.db.ListRangeAsync(RedisKeys.DeadWebhooks(state.siteId), 0, MaxDead - 1),
            (db, siteId), cancellationToken).ConfigureAwait(false);
        var dead = new List<DeadLetter>(items.Length);
        foreach (var item in items)
        {
            using var json = System.Text.Json.JsonDocument.Parse((string)item!);
            var root = json.RootElement;
            dead.Add(new DeadLetter(
                root.GetProperty("cursor").GetString() ?? "",
                root.GetProperty("comment_id").GetString() ?? "",
                root.GetProperty("attempts").GetInt32(),
                root.GetProperty("last_error").GetString() ?? "",
                DateTimeOffset.FromUnixTimeMilliseconds(root.GetProperty("dead_ms").GetInt64())));
        }
        return dead;
    }

    public async Task<int> RequeueDeadAsync(string siteId, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var args = RequeueScript.NewCall()
            .Key("dead", RedisKeys.DeadWebhooks(siteId))
            .Key("redeliver", RedisKeys.RedeliverWebhooks(siteId))
            .Arg("maxDead", MaxDead);
        var requeued = await _idempotent.RunAsync(
            static state => RequeueScript.EvaluateAsync(state.db, state.args),
            (db, args), cancellationToken).ConfigureAwait(false);
        return (int)requeued;
    }
}
