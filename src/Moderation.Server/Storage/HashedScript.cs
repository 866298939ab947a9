using StackExchange.Redis;

namespace Moderation.Server.Storage;

/// <summary>
/// A prepared script called by its SHA-1. Called as a <see cref="LuaScript"/>, the client looks the script up by
/// its whole text on every call, which hashes the text each time (~2% of a submission's CPU for the submit
/// script). After a Redis restart or a SCRIPT FLUSH the server answers NOSCRIPT, which means the script did not
/// run; that call goes through the text, which loads it again, and the next one loads the hash afresh.
/// </summary>
internal sealed class HashedScript(LuaScript script)
{
    private volatile LoadedLuaScript? _loaded;

    public async Task<RedisResult> EvaluateAsync(IConnectionMultiplexer redis, RedisKey routingKey, object parameters)
    {
        var db = redis.GetDatabase();
        var loaded = _loaded;
        if (loaded is null)
        {
            var endpoint = await db.IdentifyEndpointAsync(routingKey).ConfigureAwait(false);
            loaded = _loaded = await script.LoadAsync(redis.GetServer(endpoint!)).ConfigureAwait(false);
        }
        try
        {
            return await loaded.EvaluateAsync(db, parameters).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            _loaded = null;
            return await script.EvaluateAsync(db, parameters).ConfigureAwait(false);
        }
    }
}
