using Moderation.Server.Auth;
using Moderation.Server.Sites;
using Moderation.Server.Storage;

namespace Moderation.Server.Hosting;

/// <summary>Drops cached sites and keys when any replica announces a change.</summary>
public sealed class InvalidationListener(Invalidation invalidation, SiteCatalog sites, ApiKeyAuthenticator keys) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => invalidation.SubscribeAsync(message =>
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
