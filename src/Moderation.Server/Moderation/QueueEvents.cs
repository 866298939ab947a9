using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Moderation.Contracts.V1;
using Moderation.Server.Storage;
using StackExchange.Redis;

namespace Moderation.Server.Moderation;

/// <summary>
/// Live queue events of a site over Redis pub/sub, published by the store scripts as
/// <c>event|comment id|status|ms|actor</c>. Live means best effort: a dashboard that reconnects re-reads the
/// queue; the decision stream, not this, is the record hosts resume from.
/// </summary>
public sealed class QueueEvents(IConnectionMultiplexer redis)
{
    public async Task<ChannelMessageQueue> SubscribeAsync(string siteId) =>
        await redis.GetSubscriber().SubscribeAsync(RedisKeys.Events(siteId)).ConfigureAwait(false);

    public static WatchQueueResponse? Parse(RedisValue message)
    {
        var parts = ((string?)message ?? "").Split('|');
        if (parts.Length != 5 || !int.TryParse(parts[2], CultureInfo.InvariantCulture, out var status) || !long.TryParse(parts[3], CultureInfo.InvariantCulture, out var ms))
        {
            return null;
        }
        return new WatchQueueResponse
        {
            Event = parts[0],
            CommentId = parts[1],
            Status = (CommentStatus)status,
            Time = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(ms)),
            Actor = parts[4],
        };
    }
}
