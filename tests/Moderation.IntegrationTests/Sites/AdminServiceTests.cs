using Grpc.Core;
using Moderation.Contracts.V1;
using Moderation.IntegrationTests.Infrastructure;

namespace Moderation.IntegrationTests.Sites;

public sealed class AdminServiceTests(ServiceFixture fixture) : IClassFixture<ServiceFixture>, IDisposable
{
    private static Metadata AdminAuth => ServiceFixture.Bearer(ServiceFixture.AdminKey);

    [Fact]
    public async Task ListApiKeys_PagesThroughEveryKeyOnce_AndRefusesAStaleToken()
    {
        var site = await fixture.CreateSiteAsync();
        var issued = new List<string> { site.KeyId };
        for (var i = 0; i < 4; i++)
        {
            issued.Add((await fixture.Admin.CreateApiKeyAsync(new CreateApiKeyRequest { Role = ApiKeyRole.Moderator, SiteIds = { site.SiteId } }, AdminAuth)).ApiKey.KeyId);
        }

        var seen = new List<string>();
        var token = "";
        do
        {
            var page = await fixture.Admin.ListApiKeysAsync(new ListApiKeysRequest { SiteId = site.SiteId, PageSize = 2, PageToken = token }, AdminAuth);
            Assert.InRange(page.ApiKeys.Count, 1, 2);
            seen.AddRange(page.ApiKeys.Select(k => k.KeyId));
            token = page.NextPageToken;
        }
        while (token.Length > 0 && seen.Count < 10);
        var first = await fixture.Admin.ListApiKeysAsync(new ListApiKeysRequest { SiteId = site.SiteId, PageSize = 2 }, AdminAuth);
        await fixture.Admin.RevokeApiKeyAsync(new RevokeApiKeyRequest { KeyId = first.ApiKeys[1].KeyId }, AdminAuth);
        var stale = await Assert.ThrowsAsync<RpcException>(() => fixture.Admin.ListApiKeysAsync(new ListApiKeysRequest { SiteId = site.SiteId, PageSize = 2, PageToken = first.NextPageToken }, AdminAuth).ResponseAsync);

        Assert.Equal(issued.Order(), seen.Order());
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(StatusCode.InvalidArgument, stale.StatusCode);
        Assert.Equal("INVALID_PAGE_TOKEN", stale.ErrorInfo().Reason);
    }

    [Fact]
    public async Task CreateSite_Twice_IsAlreadyExists()
    {
        var site = await fixture.CreateSiteAsync();

        var ex = await Assert.ThrowsAsync<RpcException>(() => fixture.Admin.CreateSiteAsync(new CreateSiteRequest { Site = new Site { SiteId = site.SiteId } }, AdminAuth).ResponseAsync);

        Assert.Equal(StatusCode.AlreadyExists, ex.StatusCode);
    }

    [Fact]
    public async Task CreateSite_WithBadIdAndSettings_IsInvalidArgumentWithFieldViolations()
    {
        var badId = await Assert.ThrowsAsync<RpcException>(() => fixture.Admin.CreateSiteAsync(new CreateSiteRequest { Site = new Site { SiteId = "Not Valid" } }, AdminAuth).ResponseAsync);
        var badSettings = await Assert.ThrowsAsync<RpcException>(() => fixture.Admin.CreateSiteAsync(new CreateSiteRequest
        {
            Site = new Site
            {
                SiteId = "bad-settings-" + Guid.NewGuid().ToString("N")[..6],
                Settings = new SiteSettings { PendingThreshold = 15, SpamThreshold = 12, BlockedIps = { "10.0.0.0/8", "not-an-ip" } },
            },
        }, AdminAuth).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, badId.StatusCode);
        Assert.Equal("site.site_id", Assert.Single(badId.BadRequest().FieldViolations).Field);
        Assert.Equal(StatusCode.InvalidArgument, badSettings.StatusCode);
        var fields = badSettings.BadRequest().FieldViolations.Select(v => v.Field).ToList();
        Assert.Contains("site.settings.pending_threshold", fields);
        Assert.Contains("site.settings.blocked_ips[1]", fields);
        Assert.DoesNotContain("site.settings.blocked_ips[0]", fields);
    }

    [Fact]
    public async Task UpdateSite_WithMask_ChangesOnlyTheNamedFieldAndTakesEffectAtOnce()
    {
        var site = await fixture.CreateSiteAsync(new SiteSettings { ModerationTerms = { "refund" } });
        var before = await site.SubmitAsync(Comments.Clean("I want a refund for this article"));

        var updated = await fixture.Admin.UpdateSiteAsync(new UpdateSiteRequest
        {
            Site = new Site { SiteId = site.SiteId, Settings = new SiteSettings { DisallowedTerms = { "refund" } } },
            UpdateMask = new() { Paths = { "settings.disallowed_terms" } },
        }, AdminAuth);
        var after = await site.SubmitAsync(Comments.Clean("I want a refund for this article"));

        Assert.Equal(Verdict.Pending, before.Assessment.Verdict);
        Assert.Equal(["refund"], updated.Site.Settings.ModerationTerms);
        Assert.Equal(["refund"], updated.Site.Settings.DisallowedTerms);
        Assert.Equal(Verdict.Spam, after.Assessment.Verdict);
    }

    [Fact]
    public async Task UpdateSite_WithMaskOnSiteId_IsInvalidArgument()
    {
        var site = await fixture.CreateSiteAsync();

        var ex = await Assert.ThrowsAsync<RpcException>(() => fixture.Admin.UpdateSiteAsync(new UpdateSiteRequest
        {
            Site = new Site { SiteId = site.SiteId },
            UpdateMask = new() { Paths = { "site_id" } },
        }, AdminAuth).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal("INVALID_UPDATE_MASK", ex.ErrorInfo().Reason);
    }

    [Fact]
    public async Task ListSites_PagesThroughEverySite()
    {
        var created = new HashSet<string>();
        for (var i = 0; i < 3; i++)
        {
            created.Add((await fixture.CreateSiteAsync()).SiteId);
        }

        var seen = new List<string>();
        var token = "";
        do
        {
            var page = await fixture.Admin.ListSitesAsync(new ListSitesRequest { PageSize = 2, PageToken = token }, AdminAuth);
            Assert.True(page.Sites.Count <= 2);
            seen.AddRange(page.Sites.Select(s => s.SiteId));
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Superset(created, seen.ToHashSet());
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task CreateApiKey_ForUnknownSiteOrWrongShape_IsInvalidArgument()
    {
        var unknown = await Assert.ThrowsAsync<RpcException>(() => fixture.Admin.CreateApiKeyAsync(new CreateApiKeyRequest { Role = ApiKeyRole.Site, SiteIds = { "nowhere" } }, AdminAuth).ResponseAsync);
        var noRole = await Assert.ThrowsAsync<RpcException>(() => fixture.Admin.CreateApiKeyAsync(new CreateApiKeyRequest(), AdminAuth).ResponseAsync);

        Assert.Equal("site_ids[0]", Assert.Single(unknown.BadRequest().FieldViolations).Field);
        Assert.Equal("role", Assert.Single(noRole.BadRequest().FieldViolations).Field);
    }

    public void Dispose() => Assert.Empty(fixture.LoggedErrors);
}
