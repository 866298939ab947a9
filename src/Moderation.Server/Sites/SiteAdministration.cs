using Google.Protobuf;
using Moderation.Contracts.V1;
using Moderation.Server.Problems;
using Moderation.Server.Storage;
using Moderation.Server.Telemetry;

namespace Moderation.Server.Sites;

/// <summary>
/// Creates, reads and changes sites and their settings. Admins never see a webhook or Coral signing secret again
/// once set, only whether one is; a change takes effect on every replica at once.
/// </summary>
public sealed class SiteAdministration(SiteStore store, SiteCatalog catalog, WebhookStore webhooks, TimeProvider time, ILogger<SiteAdministration> logger)
{
    public const int MaxDisplayName = 200;

    public async Task<Site> CreateAsync(string siteId, string displayName, SiteSettings settings, string actor, CancellationToken cancellationToken)
    {
        SiteIds.EnsureValid(siteId, "site.site_id");
        settings.WebhookSecretSet = false;
        settings.CoralSigningSecretSet = false;
        if (settings.CoralSigningSecret == "none")
        {
            settings.CoralSigningSecret = "";
        }
        EnsureValid(settings, displayName);
        var now = time.GetUtcNow();
        var stored = new StoredSite(siteId, displayName, settings.ToByteArray(), now, now);
        if (!await store.CreateAsync(stored, cancellationToken).ConfigureAwait(false))
        {
            throw Problem.AlreadyExists("SITE_EXISTS", $"Site '{siteId}' already exists.");
        }
        await webhooks.SubscribeAsync(siteId, settings.WebhookUrl.Length > 0, cancellationToken).ConfigureAwait(false);
        Log.SiteCreated(logger, siteId, actor);
        return Redacted(SiteCatalog.ToSite(stored));
    }

    public async Task<Site> GetAsync(string siteId, string field, CancellationToken cancellationToken) =>
        Redacted(SiteCatalog.ToSite(await LoadAsync(siteId, field, cancellationToken).ConfigureAwait(false)));

    /// <summary>Sites in id order after <paramref name="pageToken"/> (a site id), and the token of the next page.</summary>
    public async Task<(List<Site> Sites, string NextPageToken)> ListAsync(string pageToken, int pageSize, CancellationToken cancellationToken)
    {
        SiteIds.EnsureValidOrEmpty(pageToken, "page_token");
        var ids = await store.ListIdsAsync(pageToken, pageSize + 1, cancellationToken).ConfigureAwait(false);
        var sites = new List<Site>(Math.Min(ids.Length, pageSize));
        foreach (var id in ids.Take(pageSize))
        {
            if (await store.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } stored)
            {
                sites.Add(Redacted(SiteCatalog.ToSite(stored)));
            }
        }
        return (sites, ids.Length > pageSize ? ids[pageSize - 1] : "");
    }

    /// <summary>
    /// Applies <paramref name="edit"/> to the site as stored, secret included. The secret is write-only: an edit
    /// that leaves it empty keeps the stored one while webhooks stay on.
    /// </summary>
    public async Task<Site> UpdateAsync(string siteId, string field, Action<Site> edit, string actor, CancellationToken cancellationToken)
    {
        var stored = await LoadAsync(siteId, field, cancellationToken).ConfigureAwait(false);
        var site = SiteCatalog.ToSite(stored);
        var storedSecret = site.Settings.WebhookSecret;
        var storedCoralSecret = site.Settings.CoralSigningSecret;
        edit(site);
        var settings = site.Settings ??= new SiteSettings();
        settings.CoralSigningSecret = settings.CoralSigningSecret switch
        {
            "" => storedCoralSecret,
            "none" => "",
            var given => given,
        };
        if (settings.WebhookSecret.Length == 0 && settings.WebhookUrl.Length > 0)
        {
            settings.WebhookSecret = storedSecret;
        }
        if (settings.WebhookUrl.Length == 0)
        {
            settings.WebhookSecret = "";
        }
        settings.WebhookSecretSet = settings.WebhookSecret.Length > 0;
        EnsureValid(settings, site.DisplayName);
        settings.WebhookSecretSet = false;
        settings.CoralSigningSecretSet = false;

        var updated = stored with { DisplayName = site.DisplayName, Settings = settings.ToByteArray(), Updated = time.GetUtcNow() };
        if (!await store.UpdateAsync(updated, cancellationToken).ConfigureAwait(false))
        {
            throw Problem.NotFound("SITE_NOT_FOUND", $"Site '{siteId}' does not exist.");
        }
        catalog.Invalidate(siteId);
        await webhooks.SubscribeAsync(siteId, settings.WebhookUrl.Length > 0, cancellationToken).ConfigureAwait(false);
        Log.SiteUpdated(logger, siteId, actor);
        return Redacted(SiteCatalog.ToSite(updated));
    }

    /// <summary>The id of a site that must exist; <paramref name="field"/> names it in the problem when it does not.</summary>
    public async Task<string> EnsureExistsAsync(string siteId, string field, CancellationToken cancellationToken) =>
        (await LoadAsync(siteId, field, cancellationToken).ConfigureAwait(false)).SiteId;

    private async Task<StoredSite> LoadAsync(string siteId, string field, CancellationToken cancellationToken)
    {
        SiteIds.EnsureValid(siteId, field);
        return await store.GetAsync(siteId, cancellationToken).ConfigureAwait(false)
            ?? throw Problem.NotFound("SITE_NOT_FOUND", $"Site '{siteId}' does not exist.");
    }

    private static void EnsureValid(SiteSettings settings, string displayName)
    {
        var problems = SiteSettingsMapper.Problems(settings, "site.settings.");
        if (displayName.Length > MaxDisplayName)
        {
            problems.Add(("site.display_name", $"At most {MaxDisplayName} characters."));
        }
        if (problems.Count > 0)
        {
            throw Problem.InvalidArgument("INVALID_SITE_SETTINGS", "The site settings have fields to correct.", problems);
        }
    }

    /// <summary>The site as admins see it: the webhook secret is never echoed, only whether one is set.</summary>
    private static Site Redacted(Site site)
    {
        site.Settings.WebhookSecretSet = site.Settings.WebhookSecret.Length > 0;
        site.Settings.WebhookSecret = "";
        site.Settings.CoralSigningSecretSet = site.Settings.CoralSigningSecret.Length > 0;
        site.Settings.CoralSigningSecret = "";
        return site;
    }
}
