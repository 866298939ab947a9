using Google.Protobuf;
using Moderation.Contracts.V1;
using Polly;
using Polly.Registry;
using StackExchange.Redis;

namespace Moderation.Server.Storage;

/// <summary>
/// Labeled examples (a stream per site, and a global one) and the models trained from them (a hash per site,
/// and a global one). Replicas compare the small version field before fetching a model's weights.
/// </summary>
public sealed class ModelStore(IConnectionMultiplexer redis, ResiliencePipelineProvider<string> provider)
{
    public const int MaxExamples = ModerationStore.MaxExamples;

    /// <summary>The label of an example that withdraws the comment's earlier ones (its decision was undone).</summary>
    public const string WithdrawnLabel = "none";

    private static readonly RedisScript SaveScript = RedisScript.Load("save-model");

    private readonly ResiliencePipeline _idempotent = provider.GetPipeline(RedisResilience.Idempotent);
    private readonly ResiliencePipeline _once = provider.GetPipeline(RedisResilience.Once);

    /// <summary>
    /// Appends imported examples; ids let a later label of the same comment replace an earlier one. With
    /// <paramref name="replace"/> the scope's earlier examples go first, in the same transaction.
    /// </summary>
    public async Task AddExamplesAsync(string? siteId, IReadOnlyList<(string Id, bool Spam, CommentSubmission Submission)> examples, string actor, string source, DateTimeOffset now, bool replace, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var key = RedisKeys.ExamplesOf(siteId);
        var nowMs = now.ToUnixTimeMilliseconds();
        if (replace)
        {
            await _once.RunAsync(static async state =>
            {
                var tx = state.db.CreateTransaction();
                _ = tx.KeyDeleteAsync(state.key);
                var writes = state.examples.Select(e => tx.StreamAddAsync(state.key,
                    [new("c", e.Id), new("l", e.Spam ? "spam" : "ham"), new("by", state.actor), new("t", state.nowMs), new("sub", ExampleFormat.Of(e.Submission)), new("src", state.source)],
                    maxLength: MaxExamples, useApproximateMaxLength: true)).ToArray();
                await tx.ExecuteAsync().ConfigureAwait(false);
            }, (db, key, examples, actor, nowMs, source), cancellationToken).ConfigureAwait(false);
            return;
        }
        await _idempotent.RunAsync(static async state =>
        {
            var batch = state.db.CreateBatch();
            var writes = state.examples.Select(e => batch.StreamAddAsync(state.key,
                [new("c", e.Id), new("l", e.Spam ? "spam" : "ham"), new("by", state.actor), new("t", state.nowMs), new("sub", ExampleFormat.Of(e.Submission)), new("src", state.source)],
                maxLength: MaxExamples, useApproximateMaxLength: true)).ToArray();
            batch.Execute();
            await Task.WhenAll(writes).ConfigureAwait(false);
        }, (db, key, examples, actor, nowMs, source), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every example of the scope, the latest label per comment, with the id of the newest entry read.</summary>
    public async Task<(List<StoredExample> Examples, string LastId)> ReadExamplesAsync(string? siteId, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var key = RedisKeys.ExamplesOf(siteId);
        var latest = new Dictionary<string, StoredExample>(StringComparer.Ordinal);
        var order = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var after = "-";
        var last = "0-0";
        while (true)
        {
            var page = await _idempotent.RunAsync(
                static state => state.db.StreamRangeAsync(state.key, state.after, "+", 1000),
                (db, key, after), cancellationToken).ConfigureAwait(false);
            foreach (var entry in page)
            {
                var submission = CommentSubmission.Parser.ParseFrom((byte[])entry["sub"]!);
                var id = (string?)entry["c"] ?? (string)entry.Id!;
                last = entry.Id!;
                if ((string?)entry["l"] == WithdrawnLabel)
                {
                    latest.Remove(id);
                    continue;
                }
                if (seen.Add(id))
                {
                    order.Add(id);
                }
                latest[id] = new StoredExample(id, (string?)entry["l"] == "spam", submission.Content, submission.AuthorName, (string?)entry["src"] ?? "", StreamTime(entry.Id));
            }
            if (page.Length < 1000)
            {
                return ([.. order.Where(latest.ContainsKey).Select(id => latest[id])], last);
            }
            after = "(" + last;
        }
    }

    private static DateTimeOffset StreamTime(RedisValue id)
    {
        var text = (string)id!;
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        return DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(dash < 0 ? text : text[..dash], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>How many examples arrived after <paramref name="afterId"/>, counting up to <paramref name="limit"/>.</summary>
    public async Task<int> CountNewExamplesAsync(string? siteId, string afterId, int limit, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var entries = await _idempotent.RunAsync(
            static state => state.db.StreamRangeAsync(RedisKeys.ExamplesOf(state.siteId), "(" + state.afterId, "+", state.limit),
            (db, siteId, afterId, limit), cancellationToken).ConfigureAwait(false);
        return entries.Length;
    }

    public async Task<string?> VersionAsync(string? siteId, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var version = await _idempotent.RunAsync(
            static state => state.db.HashGetAsync(RedisKeys.Model(state.siteId), "v"),
            (db, siteId), cancellationToken).ConfigureAwait(false);
        return version;
    }

    public async Task<string> LastTrainedExampleAsync(string? siteId, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var last = await _idempotent.RunAsync(
            static state => state.db.HashGetAsync(RedisKeys.Model(state.siteId), "last"),
            (db, siteId), cancellationToken).ConfigureAwait(false);
        return last.IsNull ? "0-0" : (string)last!;
    }

    public async Task<StoredModel?> GetAsync(string? siteId, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var values = await _idempotent.RunAsync(
            static state => state.db.HashGetAsync(RedisKeys.Model(state.siteId), ["v", "m"]),
            (db, siteId), cancellationToken).ConfigureAwait(false);
        return values[0].IsNull ? null : new StoredModel(values[0]!, (byte[])values[1]!);
    }

    /// <summary>
    /// Stores a model under the next version of its scope, unless the stored one was trained on newer examples
    /// (<paramref name="lastExampleId"/> is the newest example this one read). Returns whether it was stored and
    /// the version now in force.
    /// </summary>
    public async Task<(bool Stored, string Version)> SaveAsync(string? siteId, byte[] bytes, string lastExampleId, int exampleCount, DateTimeOffset now, CancellationToken cancellationToken, bool replaceNewer = false)
    {
        var db = redis.GetDatabase();
        var args = SaveScript.NewCall()
            .Key("model", RedisKeys.Model(siteId))
            .Arg("scope", siteId ?? "global")
            .Arg("bytes", bytes)
            .Arg("last", lastExampleId)
            .Arg("now", now.ToUnixTimeMilliseconds())
            .Arg("count", exampleCount)
            .Arg("force", replaceNewer ? "1" : "0");
        var result = (RedisResult[])(await _once.RunAsync(
            static state => SaveScript.EvaluateAsync(state.db, state.args),
            (db, args), cancellationToken).ConfigureAwait(false))!;
        var stored = (int)result[0] == 1;
        if (stored)
        {
            await Invalidation.PublishAsync(redis, siteId is null ? Invalidation.GlobalModel : Invalidation.SitePrefix + siteId).ConfigureAwait(false);
        }
        return (stored, (string)result[1]!);
    }

    /// <summary>
    /// Takes the scope's training lock so one training runs at a time, across replicas and within one; answers the
    /// token that releases it, or null when another holds it.
    /// </summary>
    public async Task<string?> TryLockAsync(string? siteId, TimeSpan duration)
    {
        // Whose lock it is: one that outlived its holder and was taken by another is not the first's to release.
        var token = Environment.MachineName + ":" + Guid.NewGuid().ToString("N");
        return await redis.GetDatabase().LockTakeAsync(RedisKeys.ModelLock(siteId), token, duration).ConfigureAwait(false) ? token : null;
    }

    /// <summary>Releases the lock if <paramref name="token"/> still holds it.</summary>
    public Task ReleaseLockAsync(string? siteId, string token) => redis.GetDatabase().LockReleaseAsync(RedisKeys.ModelLock(siteId), token);
}
