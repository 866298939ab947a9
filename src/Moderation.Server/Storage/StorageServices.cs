using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Moderation.Server.Storage;

public static class StorageServices
{
    /// <summary>One connection to Redis for the process, the resilience pipelines around it, and every store.</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.Section)
            .Validate(o => o.Problem() is null, "Redis settings are not valid: see Storage/RedisOptions.cs or the README's configuration table.")
            .ValidateOnStart();
        services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            var configuration = ConfigurationOptions.Parse(sp.GetRequiredService<IOptions<RedisOptions>>().Value.Configuration);
            configuration.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(configuration);
        });
        services.AddRedisResilience();
        services.AddSingleton<CommentStore>();
        services.AddSingleton<ModerationStore>();
        services.AddSingleton<SiteStore>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<ModelStore>();
        services.AddSingleton<WebhookStore>();
        services.AddSingleton<MailDomainStore>();
        services.AddSingleton<QueueEventChannel>();
        services.AddSingleton<Invalidation>();
        return services;
    }
}
