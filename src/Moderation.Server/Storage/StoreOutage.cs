using Polly.CircuitBreaker;
using Polly.Timeout;
using StackExchange.Redis;

namespace Moderation.Server.Storage;

/// <summary>Tells a failure of Redis (or of the resilience pipeline around it) from a fault in our own code.</summary>
public static class StoreOutage
{
    public static bool Is(Exception ex) => ex is RedisException or BrokenCircuitException or TimeoutRejectedException;
}
