using Polly;
using Polly.Registry;
using StackExchange.Redis;

namespace Moderation.Server.Storage;

/// <summary>API keys. Revocation is announced on the invalidation channel so every replica drops the key at once.</summary>
public sealed class ApiKeyStore(IConnectionMultiplexer redis, ResiliencePipelineProvider<string> provider)
{
    private static readonly RedisValue[] Fields = ["id", "hash", "role", "sites", "name", "created"];

    private readonly ResiliencePipeline _idempotent = provider.GetPipeline(RedisResilience.Idempotent);

    public async Task CreateAsync(StoredApiKey key, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        await _idempotent.RunAsync(static async ((IDatabase db, StoredApiKey key) state) =>
        {
            var k = state.key;
            var tx = state.db.CreateTransaction();
            _ = tx.HashSetAsync(RedisKeys.ApiKey(k.KeyId),
            [
                new("id", k.KeyId), new("hash", k.SecretHash), new("role", k.Role),
                new("sites", string.Join(',', k.SiteIds)), new("name", k.DisplayName), new("created", k.Created.ToUnixTimeMilliseconds()),
            ]);
            _ = tx.SetAddAsync(RedisKeys.ApiKeys, k.KeyId);
            await tx.ExecuteAsync().ConfigureAwait(false);
        }, (db, key), cancellationToken).ConfigureAwait(false);
    }

    public async Task<StoredApiKey?> GetAsync(string keyId, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var values = await _idempotent.RunAsync(
            static state => state.db.HashGetAsync(RedisKeys.ApiKey(state.keyId), Fields),
            (db, keyId), cancellationToken).ConfigureAwait(false);
        return ToKey(values);
    }

    public async Task<IReadOnlyList<StoredApiKey>> ListAsync(CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        return await _idempotent.RunAsync(static async (IDatabase db) =>
        {
            var ids = await db.SetMembersAsync(RedisKeys.ApiKeys).ConfigureAwait(false);
            var reads = ids.Select(id => db.HashGetAsync(RedisKeys.ApiKey(id.ToString()), Fields)).ToArray();
            var rows = await Task.WhenAll(reads).ConfigureAwait(false);
            return (IReadOnlyList<StoredApiKey>)[.. rows.Select(ToKey).OfType<StoredApiKey>().OrderBy(k => k.Created).ThenBy(k => k.KeyId, StringComparer.Ordinal)];
        }, db, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> RevokeAsync(string keyId, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var removed = await _idempotent.RunAsync(static async ((IDatabase db, string keyId) state) =>
        {
            var tx = state.db.CreateTransaction();
            var deleted = tx.KeyDeleteAsync(RedisKeys.ApiKey(state.keyId));
            _ = tx.SetRemoveAsync(RedisKeys.ApiKeys, state.keyId);
            await tx.ExecuteAsync().ConfigureAwait(false);
            return await deleted.ConfigureAwait(false);
        }, (db, keyId), cancellationToken).ConfigureAwait(false);
        await Invalidation.PublishAsync(redis, Invalidation.KeyPrefix + keyId).ConfigureAwait(false);
        return removed;
    }

    private static StoredApiKey? ToKey(RedisValue[] values)
    {
        if (values[0].IsNull)
        {
            return null;
        }
        var sites = ((string?)values[3] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        return new StoredApiKey((string)values[0]!, (byte[])values[1]!, (int)values[2], sites, (string?)values[4] ?? "",
            DateTimeOffset.FromUnixTimeMilliseconds((long)values[5]));
    }
}
