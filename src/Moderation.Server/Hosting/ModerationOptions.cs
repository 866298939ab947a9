namespace Moderation.Server.Hosting;

/// <summary>The service's own settings, from the "Moderation" configuration section.</summary>
public sealed class ModerationOptions
{
    public const string Section = "Moderation";

    /// <summary>An admin key from configuration, so a fresh install can create its first site and keys. Never logged.</summary>
    public string BootstrapAdminKey { get; set; } = "";
}

/// <summary>Where Redis is, from the "Redis" section. An empty configuration starts a local redis-server.</summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>A StackExchange.Redis configuration string, such as "redis:6379,password=…".</summary>
    public string Configuration { get; set; } = "";

    /// <summary>The port of the local redis-server started when no configuration is given.</summary>
    public int LocalPort { get; set; } = 6390;

    /// <summary>The data folder of the local redis-server (AOF persistence).</summary>
    public string LocalDataDirectory { get; set; } = ".data/redis";

    /// <summary>Extra redis-server arguments for the local server, such as "--auto-aof-rewrite-min-size 1gb".</summary>
    public string LocalArguments { get; set; } = "";
}
