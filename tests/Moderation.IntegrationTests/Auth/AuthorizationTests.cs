using Grpc.Core;
using Moderation.Contracts.V1;
using Moderation.IntegrationTests.Infrastructure;

namespace Moderation.IntegrationTests.Auth;

public sealed class AuthorizationTests(ServiceFixture fixture) : IClassFixture<ServiceFixture>, IDisposable
{
    private static Metadata AdminAuth => ServiceFixture.Bearer(ServiceFixture.AdminKey);

    [Fact]
    public async Task Submit_WithoutKey_IsUnauthenticated()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => fixture.Comments.SubmitCommentAsync(new SubmitCommentRequest { Comment = Comments.Clean() }).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        Assert.Equal("API_KEY_MISSING", ex.ErrorInfo().Reason);
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("mod_0123456789abcdef.not-the-secret")]
    public async Task Submit_WithUnknownKey_IsUnauthenticatedAndDoesNotEchoTheKey(string key)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => fixture.Comments.SubmitCommentAsync(new SubmitCommentRequest { Comment = Comments.Clean() }, ServiceFixture.Bearer(key)).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        Assert.Equal("API_KEY_INVALID", ex.ErrorInfo().Reason);
        Assert.DoesNotContain(key, ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SiteKey_WithWrongSecret_IsUnauthenticated()
    {
        var site = await fixture.CreateSiteAsync();
        var forged = site.Key[..^4] + "AAAA";

        var ex = await Assert.ThrowsAsync<RpcException>(() => fixture.Comments.SubmitCommentAsync(new SubmitCommentRequest { Comment = Comments.Clean() }, ServiceFixture.Bearer(forged)).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
    }

    [Fact]
    public async Task SiteKey_OnAdminService_IsPermissionDenied()
    {
        var site = await fixture.CreateSiteAsync();

        var ex = await Assert.ThrowsAsync<RpcException>(() => fixture.Admin.ListSitesAsync(new ListSitesRequest(), site.Auth).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        Assert.Equal("ROLE_NOT_ALLOWED", ex.ErrorInfo().Reason);
    }

    [Fact]
    public async Task SiteKey_ForAnotherSite_CannotSubmitOrReadThere()
    {
        var siteA = await fixture.CreateSiteAsync();
        var siteB = await fixture.CreateSiteAsync();
        var stored = await siteA.SubmitAsync(Comments.Clean());

        var submit = await Assert.ThrowsAsync<RpcException>(() => fixture.Comments.SubmitCommentAsync(
            new SubmitCommentRequest { SiteId = siteA.SiteId, Comment = Comments.Clean() }, siteB.Auth).ResponseAsync);
        var read = await Assert.ThrowsAsync<RpcException>(() => fixture.Comments.GetCommentAsync(
            new GetCommentRequest { SiteId = siteA.SiteId, CommentId = stored.CommentId }, siteB.Auth).ResponseAsync);
        var readOwnScope = await Assert.ThrowsAsync<RpcException>(() => fixture.Comments.GetCommentAsync(
            new GetCommentRequest { CommentId = stored.CommentId }, siteB.Auth).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, submit.StatusCode);
        Assert.Equal("SITE_NOT_ALLOWED", submit.ErrorInfo().Reason);
        Assert.Equal(StatusCode.PermissionDenied, read.StatusCode);
        Assert.Equal(StatusCode.NotFound, readOwnScope.StatusCode);
    }

    [Fact]
    public async Task RevokedKey_IsRejectedAtOnce()
    {
        var site = await fixture.CreateSiteAsync();
        await site.SubmitAsync(Comments.Clean());

        await fixture.Admin.RevokeApiKeyAsync(new RevokeApiKeyRequest { KeyId = site.KeyId }, AdminAuth);
        var ex = await Assert.ThrowsAsync<RpcException>(() => site.SubmitAsync(Comments.Clean()));

        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
    }

    [Fact]
    public async Task ModeratorKey_CannotSubmitComments_ButCanListItsSite()
    {
        var site = await fixture.CreateSiteAsync();
        var moderator = await fixture.Admin.CreateApiKeyAsync(new CreateApiKeyRequest { Role = ApiKeyRole.Moderator, SiteIds = { site.SiteId } }, AdminAuth);
        var auth = ServiceFixture.Bearer(moderator.Secret);

        var submit = await Assert.ThrowsAsync<RpcException>(() => fixture.Comments.SubmitCommentAsync(new SubmitCommentRequest { SiteId = site.SiteId, Comment = Comments.Clean() }, auth).ResponseAsync);
        var list = await new ModerationService.ModerationServiceClient(fixture.Channel)
            .ListCommentsAsync(new ListCommentsRequest { SiteId = site.SiteId }, auth).ResponseAsync;

        Assert.Equal(StatusCode.PermissionDenied, submit.StatusCode);
        Assert.Empty(list.Comments);
    }

    [Fact]
    public async Task ApiKeys_AreListedWithoutSecretsAndStoredOnlyAsHashes()
    {
        var site = await fixture.CreateSiteAsync();

        var listed = await fixture.Admin.ListApiKeysAsync(new ListApiKeysRequest { SiteId = site.SiteId }, AdminAuth);
        var storedFields = await fixture.Db.HashGetAllAsync(Moderation.Server.Storage.RedisKeys.ApiKey(site.KeyId));

        var key = Assert.Single(listed.ApiKeys);
        Assert.Equal(site.KeyId, key.KeyId);
        Assert.Equal(ApiKeyRole.Site, key.Role);
        var secret = site.Key[(site.Key.IndexOf('.', StringComparison.Ordinal) + 1)..];
        Assert.DoesNotContain(storedFields, f => f.Value.ToString().Contains(secret, StringComparison.Ordinal));
        Assert.Equal(32, ((byte[])storedFields.Single(f => f.Name == "hash").Value!).Length);
    }

    public void Dispose() => Assert.Empty(fixture.LoggedErrors);
}
