using Moderation.Server.Auth;
using Moderation.Server.Sites;
using Moderation.Server.Storage;

namespace Moderation.Server.Hosting;

/// <summary>
/// Drops cached sites and keys when any replica announces a change, and drops them all when Redis comes back
/// after an outage, since announcements made meanwhile were not heard.
/// </summary>
public sealed class InvalidationListener(Invalidation invalidation, SiteCatalog sites, ApiKeyAuthenticator keys, RedisAvailability availability) : BackgroundService
{
    private bool _subscribed;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Subscribed before the first call is served, so no settings change is missed; started while Redis is down,
        // the service serves degraded at once and subscribes once Redis answers (a subscribe would wait 5 s for it).
        if (availability.IsConnected)
        {
            await TrySubscribeAsync().ConfigureAwait(false);
        }
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task TrySubscribeAsync()
    {
        try
        {
            await invalidation.SubscribeAsync(OnMessage).ConfigureAwait(false);
            _subscribed = true;
        }
        catch (Exception ex) when (StoreOutage.Is(ex))
        {
            // Started while Redis is unreachable: subscribe once it answers.
        }
    }

    private void OnMessage(string message)
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
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var wasUp = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            var (isUp, changed) = availability.Observe();
            if (isUp && !_subscribed)
            {
                await TrySubscribeAsync().ConfigureAwait(false);
            }
            if (isUp && !wasUp)
            {
                sites.InvalidateAll();
                keys.InvalidateAll();
            }
            wasUp = isUp;
            try
            {
                await changed.WaitAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
