using System.Globalization;
using StackExchange.Redis;

namespace Moderation.Server.Storage;

/// <summary>
/// Live queue events of a site over Redis pub/sub, published by the store scripts as
/// <c>event|comment id|status|ms|actor</c>. Live means best effort: a dashboard that reconnects re-reads the
/// queue; the decision stream, not this, is the record hosts resume from.
/// </summary>
public sealed class QueueEventChannel(IConnectionMultiplexer redis)
{
    public async Task<QueueEventSubscription> SubscribeAsync(string siteId) =>
        new(await redis.GetSubscriber().SubscribeAsync(RedisKeys.Events(siteId)).ConfigureAwait(false));

    public static QueueEvent? Parse(RedisValue message)
    {
        var parts = ((string?)message ?? "").Split('|');
        if (parts.Length != 5 || !int.TryParse(parts[2], CultureInfo.InvariantCulture, out var status) || !long.TryParse(parts[3], CultureInfo.InvariantCulture, out var ms))
        {
            return null;
        }
        return new QueueEvent(parts[0], parts[1], status, DateTimeOffset.FromUnixTimeMilliseconds(ms), parts[4]);
    }
}
