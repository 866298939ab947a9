using Polly;
using Polly.Registry;
using StackExchange.Redis;

namespace Moderation.Server.Storage;

/// <summary>Sites and their settings. Changes are announced on the invalidation channel so every replica reloads at once.</summary>
public sealed class SiteStore(IConnectionMultiplexer redis, ResiliencePipelineProvider<string> provider)
{

    private static readonly RedisScript CreateScript = RedisScript.Load("create-site");
    private static readonly RedisScript UpdateScript = RedisScript.Load("update-site");
    private static readonly RedisValue[] Fields = ["id", "name", "settings", "created", "updated"];

    private readonly ResiliencePipeline _idempotent = provider.GetPipeline(RedisResilience.Idempotent);
    private readonly ResiliencePipeline _once = provider.GetPipeline(RedisResilience.Once);

    public async Task<bool> CreateAsync(StoredSite site, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var args = CreateScript.NewCall()
            .Key("site", RedisKeys.Site(site.SiteId))
            .Key("pending", RedisKeys.PendingQueue(site.SiteId))
            .Key("spam", RedisKeys.SpamQueue(site.SiteId))
            .Arg("group", RedisKeys.ModeratorsGroup)
            .Arg("siteId", site.SiteId)
            .Arg("name", site.DisplayName)
            .Arg("settings", site.Settings)
            .Arg("now", site.Created.ToUnixTimeMilliseconds());
        var created = (int)await _once.RunAsync(
            static state => CreateScript.EvaluateAsync(state.db, state.args),
            (db, args), cancellationToken).ConfigureAwait(false);
        // The index lives in another slot, so it cannot join the script; adding to it every time lets a
        // retry of a create that failed half-way repair the listing.
        await _idempotent.RunAsync(
            static state => state.db.SortedSetAddAsync(RedisKeys.Sites, state.SiteId, 0),
            (db, site.SiteId), cancellationToken).ConfigureAwait(false);
        return created == 1;
    }

    public async Task<bool> UpdateAsync(StoredSite site, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var args = UpdateScript.NewCall()
            .Key("site", RedisKeys.Site(site.SiteId))
            .Arg("name", site.DisplayName)
            .Arg("settings", site.Settings)
            .Arg("now", site.Updated.ToUnixTimeMilliseconds());
        var updated = (int)await _idempotent.RunAsync(
            static state => UpdateScript.EvaluateAsync(state.db, state.args),
            (db, args), cancellationToken).ConfigureAwait(false);
        if (updated == 1)
        {
            await Invalidation.PublishAsync(redis, Invalidation.SitePrefix + site.SiteId).ConfigureAwait(false);
        }
        return updated == 1;
    }

    public async Task<StoredSite?> GetAsync(string siteId, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var values = await _idempotent.RunAsync(
            static state => state.db.HashGetAsync(RedisKeys.Site(state.siteId), Fields),
            (db, siteId), cancellationToken).ConfigureAwait(false);
        if (values[0].IsNull)
        {
            return null;
        }
        return new StoredSite((string)values[0]!, (string?)values[1] ?? "", (byte[]?)values[2] ?? [],
            DateTimeOffset.FromUnixTimeMilliseconds((long)values[3]), DateTimeOffset.FromUnixTimeMilliseconds((long)values[4]));
    }

    /// <summary>Every site id, read in pages, for the background workers that visit each site.</summary>
    public async Task<List<string>> AllIdsAsync(CancellationToken cancellationToken)
    {
        const int page = 500;
        var all = new List<string>();
        string? after = null;
        while (true)
        {
            var ids = await ListIdsAsync(after, page, cancellationToken).ConfigureAwait(false);
            all.AddRange(ids);
            if (ids.Length < page)
            {
                return all;
            }
            after = ids[^1];
        }
    }

    /// <summary>Site ids in order, after <paramref name="after"/> when given.</summary>
    public async Task<string[]> ListIdsAsync(string? after, int count, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        RedisValue start = string.IsNullOrEmpty(after) ? default : after;
        var exclude = string.IsNullOrEmpty(after) ? Exclude.None : Exclude.Start;
        var ids = await _idempotent.RunAsync(
            static state => state.db.SortedSetRangeByValueAsync(RedisKeys.Sites, state.start, default, state.exclude, Order.Ascending, 0, state.count),
            (db, start, exclude, count), cancellationToken).ConfigureAwait(false);
        return [.. ids.Select(v => v.ToString())];
    }
}
