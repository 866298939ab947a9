namespace Moderation.Server.Storage;

/// <summary>Where Redis is and how long a call waits for it, from the "Redis" section.</summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>A StackExchange.Redis configuration string, such as "redis:6379,password=…". Required.</summary>
    public string Configuration { get; set; } = "";

    /// <summary>How long one attempt of a Redis call may take.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a Redis call may take in all, retries included; the gRPC call's deadline may end it sooner.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries of a call that is safe to repeat, after a connection failure or a timeout.</summary>
    public int Retries { get; set; } = 2;

    /// <summary>How often Redis is sent a PING to tell whether it is up; a connection failure probes at once.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a PING may take before Redis counts as down and submissions go to the local spool.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long the circuit stays open once most calls in the last 10 s failed.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);
}
