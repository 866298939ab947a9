using StackExchange.Redis;

namespace Moderation.Server.Storage;

/// <summary>Tells every replica that a cached site, key or model changed, over one pub/sub channel.</summary>
public sealed class Invalidation(IConnectionMultiplexer redis)
{
    public const string SitePrefix = "site:";
    public const string KeyPrefix = "key:";
    public const string GlobalModel = "model:global";

    private static readonly RedisChannel Channel = RedisChannel.Literal(RedisKeys.InvalidationChannel);

    public static Task PublishAsync(IConnectionMultiplexer redis, string message) =>
        redis.GetSubscriber().PublishAsync(Channel, message);

    public Task SubscribeAsync(Action<string> onMessage) =>
        redis.GetSubscriber().SubscribeAsync(Channel, (_, message) => onMessage(message.ToString()));
}
