using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Moderation.Server.Storage;

public static class StorageServices
{
    /// <summary>One connection to Redis for the process, the resilience pipelines around it, and every store.</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Configuration),
                "Redis:Configuration (Redis__Configuration) is required, such as 127.0.0.1:6379. deploy/local/run.sh starts a local redis-server when it is not set.")
            .Validate(o => o.AttemptTimeout > TimeSpan.Zero && o.TotalTimeout >= o.AttemptTimeout, "Redis:AttemptTimeout must be positive and Redis:TotalTimeout at least as long.")
            .Validate(o => o.Retries is >= 0 and <= 10, "Redis:Retries must be between 0 and 10.")
            .Validate(o => o.BreakDuration >= TimeSpan.FromMilliseconds(500), "Redis:BreakDuration must be at least 500 ms.")
            .Validate(o => o.ProbeInterval >= TimeSpan.FromMilliseconds(50) && o.ProbeTimeout >= TimeSpan.FromMilliseconds(50),
                "Redis:ProbeInterval and Redis:ProbeTimeout must be at least 50 ms.")
            .ValidateOnStart();
        services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            var text = sp.GetRequiredService<IOptions<RedisOptions>>().Value.Configuration;
            var configuration = ConfigurationOptions.Parse(text);
            configuration.AbortOnConnectFail = false;
            // The first connection is awaited at start: a Redis that is down would hold the start (and degraded mode)
            // for three attempts of 5 s by default. One attempt of 2 s; the reconnects go on in the background. A
            // connection string's own connectTimeout or connectRetry wins.
            if (!text.Contains("connectTimeout", StringComparison.OrdinalIgnoreCase))
            {
                configuration.ConnectTimeout = 2000;
            }
            if (!text.Contains("connectRetry", StringComparison.OrdinalIgnoreCase))
            {
                configuration.ConnectRetry = 1;
            }
            // Reconnect within a quarter of a second of Redis coming back, not after an exponential back-off: the spool waits on it.
            configuration.ReconnectRetryPolicy = new LinearRetry(250);
            return ConnectionMultiplexer.Connect(configuration);
        });
        services.AddOptions<SpoolOptions>().BindConfiguration(SpoolOptions.Section)
            .PostConfigure(o =>
            {
                if (string.IsNullOrWhiteSpace(o.Directory))
                {
                    o.Directory = Path.Combine(Directory.GetCurrentDirectory(), ".data", "spool");
                }
            })
            .Validate(o => o.MaxBytes >= 64 * 1024, "Spool:MaxBytes must be at least 64 KiB.")
            .ValidateOnStart();
        services.AddOptions<HashingOptions>().BindConfiguration(HashingOptions.Section)
            .PostConfigure(o =>
            {
                if (string.IsNullOrWhiteSpace(o.KeyFile))
                {
                    o.KeyFile = Path.Combine(Directory.GetCurrentDirectory(), ".data", "hash.key");
                }
            });
        services.AddSingleton(sp => new KeyHasher(HashingKey.Resolve(
            sp.GetRequiredService<IOptions<HashingOptions>>().Value, sp.GetRequiredService<ILoggerFactory>().CreateLogger<KeyHasher>())));
        services.AddSingleton<CommentSpool>();
        services.AddSingleton<RedisAvailability>();
        services.AddHostedService(sp => sp.GetRequiredService<RedisAvailability>());
        services.AddRedisResilience();
        services.AddSingleton<CommentStore>();
        services.AddSingleton<ModerationStore>();
        services.AddSingleton<ErasureStore>();
        services.AddSingleton<SiteStore>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<DeskSessionStore>();
        services.AddSingleton<ModelStore>();
        services.AddSingleton<WebhookStore>();
        services.AddSingleton<MailDomainStore>();
        services.AddSingleton<QueueEventChannel>();
        services.AddSingleton<Invalidation>();
        return services;
    }
}
