using FieldLengthRule = Moderation.Core.Rules.Validation.FieldLengthRule;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Moderation.Contracts.V1;
using Moderation.Server.Auth;
using Moderation.Server.Errors;
using Moderation.Server.Learning;
using Moderation.Server.Sites;
using Moderation.Server.Storage;
using Moderation.Server.Telemetry;

namespace Moderation.Server.Admin;

/// <summary>AdminService: sites, their settings, and API keys.</summary>
public sealed class AdminGrpcService(
    SiteStore siteStore,
    SiteCatalog catalog,
    ApiKeyStore keyStore,
    ApiKeyAuthenticator authenticator,
    WebhookStore webhooks,
    ModelStore models,
    ModelTrainer trainer,
    TimeProvider time,
    ILogger<AdminGrpcService> logger) : AdminService.AdminServiceBase
{
    private const int MaxPageSize = 500;
    private const int DefaultPageSize = 100;

    public override async Task<CreateSiteResponse> CreateSite(CreateSiteRequest request, ServerCallContext context)
    {
        var site = request.Site ?? throw RpcErrors.InvalidArgument("SITE_REQUIRED", "site", "The site is required.");
        SiteIds.EnsureValid(site.SiteId, "site.site_id");
        var settings = site.Settings ?? new SiteSettings();
        settings.WebhookSecretSet = false;
        EnsureValid(settings, site.DisplayName);
        var now = time.GetUtcNow();
        var stored = new StoredSite(site.SiteId, site.DisplayName, settings.ToByteArray(), now, now);
        if (!await siteStore.CreateAsync(stored, context.CancellationToken).ConfigureAwait(false))
        {
            throw RpcErrors.AlreadyExists("SITE_EXISTS", $"Site '{site.SiteId}' already exists.");
        }
        await webhooks.SubscribeAsync(site.SiteId, settings.WebhookUrl.Length > 0, context.CancellationToken).ConfigureAwait(false);
        Log.SiteCreated(logger, site.SiteId, context.GetCaller().KeyId);
        return new CreateSiteResponse { Site = Redacted(SiteCatalog.ToEntry(stored, now).Site) };
    }

    public override async Task<GetSiteResponse> GetSite(GetSiteRequest request, ServerCallContext context)
    {
        var stored = await LoadAsync(request.SiteId, "site_id", context).ConfigureAwait(false);
        return new GetSiteResponse { Site = Redacted(SiteCatalog.ToEntry(stored, time.GetUtcNow()).Site) };
    }

    public override async Task<ListSitesResponse> ListSites(ListSitesRequest request, ServerCallContext context)
    {
        var pageSize = PageSize(request.PageSize);
        SiteIds.EnsureValidOrEmpty(request.PageToken, "page_token");
        var ids = await siteStore.ListIdsAsync(request.PageToken, pageSize + 1, context.CancellationToken).ConfigureAwait(false);
        var response = new ListSitesResponse();
        foreach (var id in ids.Take(pageSize))
        {
            if (await siteStore.GetAsync(id, context.CancellationToken).ConfigureAwait(false) is { } stored)
            {
                response.Sites.Add(Redacted(SiteCatalog.ToEntry(stored, time.GetUtcNow()).Site));
            }
        }
        if (ids.Length > pageSize)
        {
            response.NextPageToken = ids[pageSize - 1];
        }
        return response;
    }

    public override async Task<UpdateSiteResponse> UpdateSite(UpdateSiteRequest request, ServerCallContext context)
    {
        var changes = request.Site ?? throw RpcErrors.InvalidArgument("SITE_REQUIRED", "site", "The site is required.");
        var stored = await LoadAsync(changes.SiteId, "site.site_id", context).ConfigureAwait(false);
        var site = SiteCatalog.ToEntry(stored, time.GetUtcNow()).Site;
        var storedSecret = site.Settings.WebhookSecret;

        var mask = request.UpdateMask;
        if (mask is null || mask.Paths.Count == 0)
        {
            site.DisplayName = changes.DisplayName;
            site.Settings = changes.Settings ?? new SiteSettings();
        }
        else
        {
            var bad = mask.Paths.Where(p => !(p == "display_name" || p == "settings" || p.StartsWith("settings.", StringComparison.Ordinal))
                || !FieldMask.IsValid(Site.Descriptor, p)).ToList();
            if (bad.Count > 0)
            {
                throw RpcErrors.InvalidArgument("INVALID_UPDATE_MASK", "Only display_name and settings fields can be updated.",
                    bad.Select(p => ("update_mask", $"'{p}' cannot be updated.")));
            }
            changes.Settings ??= new SiteSettings();
            mask.Merge(changes, site, new FieldMask.MergeOptions { ReplaceRepeatedFields = true, ReplaceMessageFields = true, ReplacePrimitiveFields = true });
        }
        // The secret is write-only: an update that leaves it empty keeps the stored one while webhooks stay on.
        if (site.Settings.WebhookSecret.Length == 0 && site.Settings.WebhookUrl.Length > 0)
        {
            site.Settings.WebhookSecret = storedSecret;
        }
        if (site.Settings.WebhookUrl.Length == 0)
        {
            site.Settings.WebhookSecret = "";
        }
        site.Settings.WebhookSecretSet = site.Settings.WebhookSecret.Length > 0;
        EnsureValid(site.Settings, site.DisplayName);
        site.Settings.WebhookSecretSet = false;

        var updated = stored with { DisplayName = site.DisplayName, Settings = site.Settings.ToByteArray(), Updated = time.GetUtcNow() };
        if (!await siteStore.UpdateAsync(updated, context.CancellationToken).ConfigureAwait(false))
        {
            throw RpcErrors.NotFound("SITE_NOT_FOUND", $"Site '{changes.SiteId}' does not exist.");
        }
        catalog.Invalidate(updated.SiteId);
        await webhooks.SubscribeAsync(updated.SiteId, site.Settings.WebhookUrl.Length > 0, context.CancellationToken).ConfigureAwait(false);
        Log.SiteUpdated(logger, updated.SiteId, context.GetCaller().KeyId);
        return new UpdateSiteResponse { Site = Redacted(SiteCatalog.ToEntry(updated, time.GetUtcNow()).Site) };
    }

    public override async Task<CreateApiKeyResponse> CreateApiKey(CreateApiKeyRequest request, ServerCallContext context)
    {
        var problems = new List<(string, string)>();
        switch (request.Role)
        {
            case ApiKeyRole.Site when request.SiteIds.Count != 1:
                problems.Add(("site_ids", "A site key belongs to exactly one site."));
                break;
            case ApiKeyRole.Moderator when request.SiteIds.Count == 0:
                problems.Add(("site_ids", "A moderator key needs at least one site."));
                break;
            case ApiKeyRole.Admin when request.SiteIds.Count != 0:
                problems.Add(("site_ids", "An admin key covers every site; leave site_ids empty."));
                break;
            case ApiKeyRole.Site or ApiKeyRole.Moderator or ApiKeyRole.Admin:
                break;
            default:
                problems.Add(("role", "Choose SITE, MODERATOR or ADMIN."));
                break;
        }
        if (request.DisplayName.Length > 200)
        {
            problems.Add(("display_name", "At most 200 characters."));
        }
        for (var i = 0; i < request.SiteIds.Count; i++)
        {
            var siteId = request.SiteIds[i];
            if (!SiteIds.IsValid(siteId) || await siteStore.GetAsync(siteId, context.CancellationToken).ConfigureAwait(false) is null)
            {
                problems.Add(($"site_ids[{i}]", $"No site '{siteId}'."));
            }
        }
        if (problems.Count > 0)
        {
            throw RpcErrors.InvalidArgument("INVALID_API_KEY_REQUEST", "The key request has fields to correct.", problems);
        }

        var (keyId, key) = ApiKeySecret.Generate();
        var secret = key[(key.IndexOf('.', StringComparison.Ordinal) + 1)..];
        var stored = new StoredApiKey(keyId, ApiKeySecret.Hash(secret), (int)request.Role, [.. request.SiteIds.Distinct()], request.DisplayName, time.GetUtcNow());
        await keyStore.CreateAsync(stored, context.CancellationToken).ConfigureAwait(false);
        Log.ApiKeyIssued(logger, keyId, request.Role.ToString(), context.GetCaller().KeyId);
        return new CreateApiKeyResponse { ApiKey = ToWire(stored), Secret = key };
    }

    public override async Task<ListApiKeysResponse> ListApiKeys(ListApiKeysRequest request, ServerCallContext context)
    {
        SiteIds.EnsureValidOrEmpty(request.SiteId);
        var keys = await keyStore.ListAsync(context.CancellationToken).ConfigureAwait(false);
        var response = new ListApiKeysResponse();
        response.ApiKeys.AddRange(keys.Where(k => request.SiteId.Length == 0 || k.SiteIds.Contains(request.SiteId)).Select(ToWire));
        return response;
    }

    public override async Task<RevokeApiKeyResponse> RevokeApiKey(RevokeApiKeyRequest request, ServerCallContext context)
    {
        if (request.KeyId.Length != 16 || !request.KeyId.All(char.IsAsciiHexDigitLower))
        {
            throw RpcErrors.InvalidArgument("INVALID_KEY_ID", "key_id", "Key ids are 16 lowercase hex characters, the part of the key between 'mod_' and the dot.");
        }
        if (!await keyStore.RevokeAsync(request.KeyId, context.CancellationToken).ConfigureAwait(false))
        {
            throw RpcErrors.NotFound("API_KEY_NOT_FOUND", "No API key with that id.");
        }
        authenticator.Invalidate(request.KeyId);
        Log.ApiKeyRevoked(logger, request.KeyId, context.GetCaller().KeyId);
        return new RevokeApiKeyResponse();
    }

    private async Task<StoredSite> LoadAsync(string siteId, string field, ServerCallContext context)
    {
        SiteIds.EnsureValid(siteId, field);
        return await siteStore.GetAsync(siteId, context.CancellationToken).ConfigureAwait(false)
            ?? throw RpcErrors.NotFound("SITE_NOT_FOUND", $"Site '{siteId}' does not exist.");
    }

    private static void EnsureValid(SiteSettings settings, string displayName)
    {
        var problems = SiteSettingsMapper.Problems(settings, "site.settings.");
        if (displayName.Length > 200)
        {
            problems.Add(("site.display_name", "At most 200 characters."));
        }
        if (problems.Count > 0)
        {
            throw RpcErrors.InvalidArgument("INVALID_SITE_SETTINGS", "The site settings have fields to correct.", problems);
        }
    }

    public const int MaxImport = 5_000;

    public override async Task<ImportLabeledCommentsResponse> ImportLabeledComments(ImportLabeledCommentsRequest request, ServerCallContext context)
    {
        var siteId = await ScopeAsync(request.SiteId, context).ConfigureAwait(false);
        var problems = new List<(string, string)>();
        if (request.Comments.Count is 0 or > MaxImport)
        {
            problems.Add(("comments", $"Import 1 to {MaxImport} comments per call."));
        }
        for (var i = 0; i < request.Comments.Count && problems.Count < 20; i++)
        {
            var c = request.Comments[i];
            if (c.Content.Trim().Length == 0 || System.Text.Encoding.UTF8.GetByteCount(c.Content) > FieldLengthRule.MaxContentBytes)
            {
                problems.Add(($"comments[{i}].content", $"Give the comment text, 1 to {FieldLengthRule.MaxContentBytes} bytes."));
            }
            if (c.AuthorName.Length > 245)
            {
                problems.Add(($"comments[{i}].author_name", "At most 245 characters."));
            }
        }
        if (problems.Count > 0)
        {
            throw RpcErrors.InvalidArgument("INVALID_IMPORT", "The import has comments to correct.", problems);
        }
        var now = time.GetUtcNow();
        var batch = request.Comments.Select(c => (
            Id: "import:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(c.AuthorName + "\n" + c.Content)))[..24],
            c.Spam,
            Submission: new CommentSubmission { Content = c.Content, AuthorName = c.AuthorName })).ToList();
        await models.AddExamplesAsync(siteId, batch, context.GetCaller().KeyId, now, context.CancellationToken).ConfigureAwait(false);
        var response = new ImportLabeledCommentsResponse { ImportedCount = batch.Count };
        if (request.Train)
        {
            response.Model = await TrainAsync(siteId, context).ConfigureAwait(false);
        }
        return response;
    }

    public override async Task<TrainModelResponse> TrainModel(TrainModelRequest request, ServerCallContext context) =>
        await TrainAsync(await ScopeAsync(request.SiteId, context).ConfigureAwait(false), context).ConfigureAwait(false);

    private async Task<TrainModelResponse> TrainAsync(string? siteId, ServerCallContext context)
    {
        var result = await trainer.TrainAsync(siteId, context.CancellationToken).ConfigureAwait(false)
            ?? throw RpcErrors.FailedPrecondition("NOT_ENOUGH_LABELS", $"Training needs at least {ModelTrainer.MinExamples} labeled comments, with both spam and ham among them.");
        if (siteId is not null)
        {
            catalog.Invalidate(siteId);
        }
        else
        {
            catalog.InvalidateAll();
        }
        return new TrainModelResponse { Version = result.Version, ExampleCount = result.ExampleCount, SpamCount = result.SpamCount, Duration = Duration.FromTimeSpan(result.Duration) };
    }

    /// <summary>A site that must exist, or null for the global scope.</summary>
    private async Task<string?> ScopeAsync(string siteId, ServerCallContext context) =>
        siteId.Length == 0 ? null : (await LoadAsync(siteId, "site_id", context).ConfigureAwait(false)).SiteId;

    public override async Task<ListDeadWebhooksResponse> ListDeadWebhooks(ListDeadWebhooksRequest request, ServerCallContext context)
    {
        var stored = await LoadAsync(request.SiteId, "site_id", context).ConfigureAwait(false);
        var response = new ListDeadWebhooksResponse();
        response.DeadWebhooks.AddRange(await webhooks.ListDeadAsync(stored.SiteId, context.CancellationToken).ConfigureAwait(false));
        return response;
    }

    public override async Task<RedeliverWebhooksResponse> RedeliverWebhooks(RedeliverWebhooksRequest request, ServerCallContext context)
    {
        var stored = await LoadAsync(request.SiteId, "site_id", context).ConfigureAwait(false);
        var count = await webhooks.RequeueDeadAsync(stored.SiteId, context.CancellationToken).ConfigureAwait(false);
        return new RedeliverWebhooksResponse { RequeuedCount = count };
    }

    /// <summary>The site as admins see it: the webhook secret is never echoed, only whether one is set.</summary>
    private static Site Redacted(Site site)
    {
        var copy = site.Clone();
        copy.Settings.WebhookSecretSet = copy.Settings.WebhookSecret.Length > 0;
        copy.Settings.WebhookSecret = "";
        return copy;
    }

    private static int PageSize(int requested) => requested switch
    {
        < 0 => throw RpcErrors.InvalidArgument("INVALID_PAGE_SIZE", "page_size", "Must not be negative."),
        0 => DefaultPageSize,
        _ => Math.Min(requested, MaxPageSize),
    };

    private static ApiKey ToWire(StoredApiKey key)
    {
        var wire = new ApiKey { KeyId = key.KeyId, Role = (ApiKeyRole)key.Role, DisplayName = key.DisplayName, CreateTime = Timestamp.FromDateTimeOffset(key.Created) };
        wire.SiteIds.AddRange(key.SiteIds);
        return wire;
    }
}
