using Moderation.Server.Auth;
using Moderation.Server.Sites;
using Moderation.Server.Storage;
using StackExchange.Redis;

namespace Moderation.Server.Hosting;

/// <summary>Drops cached sites and keys when any replica announces a change.</summary>
public sealed class InvalidationListener(IConnectionMultiplexer redis, SiteCatalog sites, ApiKeyAuthenticator keys) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Invalidation.SubscribeAsync(redis, message =>
    {
        if (message.StartsWith(Invalidation.SitePrefix, StringComparison.Ordinal))
        {
            sites.Invalidate(message[Invalidation.SitePrefix.Length..]);
        }
        else if (message == Invalidation.GlobalModel)
        {
            sites.InvalidateAll();
        }
        else if (message.StartsWith(Invalidation.KeyPrefix, StringComparison.Ordinal))
        {
            keys.Invalidate(message[Invalidation.KeyPrefix.Length..]);
        }
    });

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Shuts the local redis-server down after the service has drained its calls.</summary>
public sealed class LocalRedisLifetime(LocalRedisServer server) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => server.DisposeAsync().AsTask();
}
