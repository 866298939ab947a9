using Polly.CircuitBreaker;
using Polly.Timeout;
using StackExchange.Redis;

namespace Moderation.Server.Storage;

/// <summary>Tells a failure of Redis (or of the resilience pipeline around it) from a fault in our own code.</summary>
public static class StoreOutage
{
    // Error replies of a Redis that cannot serve now, as opposed to one that refuses what it was sent.
    private static readonly string[] Unavailable = ["LOADING", "BUSY", "READONLY", "MASTERDOWN", "CLUSTERDOWN", "TRYAGAIN", "OOM"];

    public static bool Is(Exception ex) => ex is RedisException or BrokenCircuitException or TimeoutRejectedException;

    /// <summary>
    /// An error reply that says the command or script was wrong (ERR, WRONGTYPE, a Lua error): retrying it later
    /// gives the same answer, so it is a fault to report, not an outage to wait out.
    /// </summary>
    public static bool IsRefusal(Exception ex) =>
        ex is RedisServerException server && !Array.Exists(Unavailable, prefix => server.Message.StartsWith(prefix, StringComparison.Ordinal));
}
