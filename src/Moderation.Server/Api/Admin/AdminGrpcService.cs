using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Moderation.Contracts.V1;
using Moderation.Core.Rules.Validation;
using Moderation.Server.Api.Auth;
using Moderation.Server.Api.Mapping;
using Moderation.Server.Auth;
using Moderation.Server.Learning;
using Moderation.Server.Problems;
using Moderation.Server.Sites;
using Moderation.Server.Storage;

namespace Moderation.Server.Api.Admin;

/// <summary>AdminService: sites, their settings, API keys, training data and dead webhooks.</summary>
public sealed class AdminGrpcService(
    SiteAdministration siteAdmin,
    SiteCatalog catalog,
    ApiKeys keys,
    WebhookStore webhooks,
    LabeledExamples examples,
    ModelTrainer trainer) : AdminService.AdminServiceBase
{
    public const int MaxImport = 5_000;
    private const int MaxPageSize = 500;
    private const int DefaultPageSize = 100;
    private const int MaxAuthorName = 245;
    private const int MaxSource = 100;

    public override async Task<CreateSiteResponse> CreateSite(CreateSiteRequest request, ServerCallContext context)
    {
        var site = request.Site ?? throw Problem.InvalidArgument("SITE_REQUIRED", "site", "The site is required.");
        var created = await siteAdmin.CreateAsync(site.SiteId, site.DisplayName, site.Settings ?? new SiteSettings(), Actor(context), context.CancellationToken).ConfigureAwait(false);
        return new CreateSiteResponse { Site = created };
    }

    public override async Task<GetSiteResponse> GetSite(GetSiteRequest request, ServerCallContext context) =>
        new() { Site = await siteAdmin.GetAsync(request.SiteId, "site_id", context.CancellationToken).ConfigureAwait(false) };

    public override async Task<ListSitesResponse> ListSites(ListSitesRequest request, ServerCallContext context)
    {
        var pageSize = RequestChecks.PageSize(request.PageSize, DefaultPageSize, MaxPageSize);
        var (sites, next) = await siteAdmin.ListAsync(request.PageToken, pageSize, context.CancellationToken).ConfigureAwait(false);
        var response = new ListSitesResponse { NextPageToken = next };
        response.Sites.AddRange(sites);
        return response;
    }

    public override async Task<UpdateSiteResponse> UpdateSite(UpdateSiteRequest request, ServerCallContext context)
    {
        var changes = request.Site ?? throw Problem.InvalidArgument("SITE_REQUIRED", "site", "The site is required.");
        var mask = request.UpdateMask;
        // Applied to the stored site once it is found, so a missing site is NOT_FOUND whatever the mask says.
        void Edit(Site site)
        {
            if (mask is null || mask.Paths.Count == 0)
            {
                site.DisplayName = changes.DisplayName;
                site.Settings = changes.Settings ?? new SiteSettings();
                return;
            }
            var bad = mask.Paths.Where(p => !(p == "display_name" || p == "settings" || p.StartsWith("settings.", StringComparison.Ordinal))
                || !FieldMask.IsValid(Site.Descriptor, p)).ToList();
            if (bad.Count > 0)
            {
                throw Problem.InvalidArgument("INVALID_UPDATE_MASK", "Only display_name and settings fields can be updated.",
                    bad.Select(p => ("update_mask", $"'{p}' cannot be updated.")));
            }
            changes.Settings ??= new SiteSettings();
            mask.Merge(changes, site, new FieldMask.MergeOptions { ReplaceRepeatedFields = true, ReplaceMessageFields = true, ReplacePrimitiveFields = true });
        }
        var updated = await siteAdmin.UpdateAsync(changes.SiteId, "site.site_id", Edit, Actor(context), context.CancellationToken).ConfigureAwait(false);
        return new UpdateSiteResponse { Site = updated };
    }

    public override async Task<CreateApiKeyResponse> CreateApiKey(CreateApiKeyRequest request, ServerCallContext context)
    {
        KeyRole? role = request.Role switch
        {
            ApiKeyRole.Site => KeyRole.Site,
            ApiKeyRole.Moderator => KeyRole.Moderator,
            ApiKeyRole.Admin => KeyRole.Admin,
            _ => null,
        };
        var (key, secret) = await keys.IssueAsync(role, [.. request.SiteIds], request.DisplayName, Actor(context), context.CancellationToken, request.HostLabelForm).ConfigureAwait(false);
        return new CreateApiKeyResponse { ApiKey = ToWire(key), Secret = secret };
    }

    public override async Task<ListApiKeysResponse> ListApiKeys(ListApiKeysRequest request, ServerCallContext context)
    {
        SiteIds.EnsureValidOrEmpty(request.SiteId);
        var all = await keys.ListAsync(request.SiteId, context.CancellationToken).ConfigureAwait(false);
        var (page, next) = Paging.Page(all, k => k.KeyId, request.PageSize, request.PageToken);
        var response = new ListApiKeysResponse { NextPageToken = next };
        response.ApiKeys.AddRange(page.Select(ToWire));
        return response;
    }

    public override async Task<RevokeApiKeyResponse> RevokeApiKey(RevokeApiKeyRequest request, ServerCallContext context)
    {
        if (request.KeyId.Length != 16 || !request.KeyId.All(char.IsAsciiHexDigitLower))
        {
            throw Problem.InvalidArgument("INVALID_KEY_ID", "key_id", "Key ids are 16 lowercase hex characters, the part of the key between 'mod_' and the dot.");
        }
        await keys.RevokeAsync(request.KeyId, Actor(context), context.CancellationToken).ConfigureAwait(false);
        return new RevokeApiKeyResponse();
    }

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
            if (c.AuthorName.Length > MaxAuthorName)
            {
                problems.Add(($"comments[{i}].author_name", $"At most {MaxAuthorName} characters."));
            }
        }
        if (request.Source.Length > MaxSource)
        {
            problems.Add(("source", $"At most {MaxSource} characters."));
        }
        if (problems.Count > 0)
        {
            throw Problem.InvalidArgument("INVALID_IMPORT", "The import has comments to correct.", problems);
        }
        var imported = await examples.ImportAsync(siteId, [.. request.Comments.Select(c => (c.Content, c.AuthorName, c.Spam))], Actor(context), request.Source, request.Replace, context.CancellationToken).ConfigureAwait(false);
        var response = new ImportLabeledCommentsResponse { ImportedCount = imported };
        if (request.Train)
        {
            response.Model = await TrainAsync(siteId, context).ConfigureAwait(false);
        }
        return response;
    }

    public override async Task<TrainModelResponse> TrainModel(TrainModelRequest request, ServerCallContext context) =>
        await TrainAsync(await ScopeAsync(request.SiteId, context).ConfigureAwait(false), context).ConfigureAwait(false);

    public override async Task<ListDeadWebhooksResponse> ListDeadWebhooks(ListDeadWebhooksRequest request, ServerCallContext context)
    {
        var siteId = await siteAdmin.EnsureExistsAsync(request.SiteId, "site_id", context.CancellationToken).ConfigureAwait(false);
        var all = await webhooks.ListDeadAsync(siteId, context.CancellationToken).ConfigureAwait(false);
        var (page, next) = Paging.Page(all, d => d.Cursor, request.PageSize, request.PageToken);
        var response = new ListDeadWebhooksResponse { NextPageToken = next };
        foreach (var dead in page)
        {
            response.DeadWebhooks.Add(new DeadWebhook
            {
                Cursor = dead.Cursor,
                CommentId = dead.CommentId,
                Attempts = dead.Attempts,
                LastError = dead.LastError,
                DeadTime = Timestamp.FromDateTimeOffset(dead.DeadAt),
            });
        }
        return response;
    }

    public override async Task<RedeliverWebhooksResponse> RedeliverWebhooks(RedeliverWebhooksRequest request, ServerCallContext context)
    {
        var siteId = await siteAdmin.EnsureExistsAsync(request.SiteId, "site_id", context.CancellationToken).ConfigureAwait(false);
        return new RedeliverWebhooksResponse { RequeuedCount = await webhooks.RequeueDeadAsync(siteId, context.CancellationToken).ConfigureAwait(false) };
    }

    private async Task<TrainModelResponse> TrainAsync(string? siteId, ServerCallContext context)
    {
        var result = await trainer.TrainAsync(siteId, context.CancellationToken).ConfigureAwait(false)
            ?? throw Problem.FailedPrecondition("NOT_ENOUGH_LABELS", $"Training needs at least {ModelTrainer.MinExamples} labeled comments, with both spam and ham among them.");
        // Every replica reloads on the invalidation the save announces; this one answers with the new model at once.
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
        siteId.Length == 0 ? null : await siteAdmin.EnsureExistsAsync(siteId, "site_id", context.CancellationToken).ConfigureAwait(false);

    private static string Actor(ServerCallContext context) => context.GetCaller().KeyId;

    private static ApiKey ToWire(StoredApiKey key)
    {
        var wire = new ApiKey { KeyId = key.KeyId, Role = (ApiKeyRole)key.Role, DisplayName = key.DisplayName, CreateTime = Timestamp.FromDateTimeOffset(key.Created) };
        wire.SiteIds.AddRange(key.SiteIds);
        return wire;
    }
}
