using Grpc.Core;
using Moderation.Contracts.V1;
using Moderation.IntegrationTests.Infrastructure;

namespace Moderation.IntegrationTests.Intake;

public sealed class BadInputTests(ServiceFixture fixture) : IClassFixture<ServiceFixture>, IDisposable
{
    [Fact]
    public async Task Submit_WithoutHostIdsAndWithBadIp_IsInvalidArgumentNamingEachField()
    {
        var site = await fixture.CreateSiteAsync();
        var comment = Comments.Clean();
        comment.HostCommentId = "";
        comment.PostId = "";
        comment.AuthorIp = "999.1.1.1";

        var ex = await Assert.ThrowsAsync<RpcException>(() => site.SubmitAsync(comment));

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal("INVALID_SUBMISSION", ex.ErrorInfo().Reason);
        var fields = ex.BadRequest().FieldViolations.Select(v => v.Field).ToHashSet();
        Assert.Equal(new HashSet<string> { "comment.host_comment_id", "comment.post_id", "comment.author_ip" }, fields);
    }

    // Protobuf strings are UTF-8, so a lone surrogate cannot reach the service; noncharacters can.
    [Theory]
    [InlineData(0xFFFE)]
    [InlineData(0xFFFF)]
    [InlineData(0xFDD0)]
    [InlineData(0x1FFFE)]
    public async Task Submit_WithNoncharacters_GetsAVerdict(int codePoint)
    {
        var text = "nice post " + char.ConvertFromUtf32(codePoint);
        var site = await fixture.CreateSiteAsync(new SiteSettings { DisallowedTerms = { "casino" }, ModerationTerms = { "refund" } });
        var comment = Comments.Clean(text);
        comment.AuthorName = "Ada " + text;
        comment.UserAgent = "Mozilla " + text;
        comment.AuthorUrl = "https://example.org/" + text;

        var answer = await site.SubmitAsync(comment);

        Assert.NotEqual(Verdict.Unspecified, answer.Assessment.Verdict);
    }

    [Fact]
    public async Task Submit_WithoutComment_IsInvalidArgument()
    {
        var site = await fixture.CreateSiteAsync();

        var ex = await Assert.ThrowsAsync<RpcException>(() => fixture.Comments.SubmitCommentAsync(new SubmitCommentRequest(), site.Auth).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal("comment", Assert.Single(ex.BadRequest().FieldViolations).Field);
    }

    [Fact]
    public async Task Submit_WithUnknownEnumValue_IsInvalidArgument()
    {
        var site = await fixture.CreateSiteAsync();
        var comment = Comments.Clean();
        comment.Type = (CommentType)42;

        var ex = await Assert.ThrowsAsync<RpcException>(() => site.SubmitAsync(comment));

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal("comment.type", Assert.Single(ex.BadRequest().FieldViolations).Field);
    }

    [Fact]
    public async Task Submit_WithMalformedSiteId_IsInvalidArgument()
    {
        var site = await fixture.CreateSiteAsync();

        var ex = await Assert.ThrowsAsync<RpcException>(() => fixture.Comments.SubmitCommentAsync(new SubmitCommentRequest { SiteId = "{evil}", Comment = Comments.Clean() }, site.Auth).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal("INVALID_SITE_ID", ex.ErrorInfo().Reason);
    }

    [Fact]
    public async Task Submit_LargerThanTheRequestLimit_IsResourceExhaustedAndNothingIsStored()
    {
        var site = await fixture.CreateSiteAsync();
        var comment = Comments.Clean(new string('x', 300 * 1024));

        var ex = await Assert.ThrowsAsync<RpcException>(() => site.SubmitAsync(comment));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Empty(fixture.RedisServer.Keys(pattern: $"{{s:{site.SiteId}}}:c:*"));
    }

    [Fact]
    public async Task GetComment_Unknown_IsNotFound_AndMalformedId_IsInvalidArgument()
    {
        var site = await fixture.CreateSiteAsync();

        var missing = await Assert.ThrowsAsync<RpcException>(() => site.GetAsync(new string('a', 24)));
        var malformed = await Assert.ThrowsAsync<RpcException>(() => site.GetAsync("../../etc"));
        var none = await Assert.ThrowsAsync<RpcException>(() => fixture.Comments.GetCommentAsync(new GetCommentRequest(), site.Auth).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal("COMMENT_NOT_FOUND", missing.ErrorInfo().Reason);
        Assert.Equal(StatusCode.InvalidArgument, malformed.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, none.StatusCode);
    }

    [Fact]
    public async Task Submit_ToSiteThatDoesNotExist_WithAdminKey_IsNotFound()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => fixture.Comments.SubmitCommentAsync(
            new SubmitCommentRequest { SiteId = "no-such-site", Comment = Comments.Clean() }, ServiceFixture.Bearer(ServiceFixture.AdminKey)).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Equal("SITE_NOT_FOUND", ex.ErrorInfo().Reason);
    }

    public void Dispose() => Assert.Empty(fixture.LoggedErrors);
}
