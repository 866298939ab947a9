using Grpc.Core;
using Moderation.Contracts.V1;
using Moderation.IntegrationTests.Infrastructure;

namespace Moderation.IntegrationTests.Api;

/// <summary>
/// An error's status travels in HTTP/2 headers, and a client that receives more than it allows (64 KB in .NET)
/// drops the connection, with every call on it. Errors that quote the request must stay small.
/// </summary>
public sealed class ErrorSizeTests(ServiceFixture fixture) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task AnErrorQuotingHugeInput_IsClipped_AndTheConnectionCarriesOn()
    {
        var site = await fixture.CreateSiteAsync();
        var request = new UpdateSiteRequest { Site = new Site { SiteId = site.SiteId }, UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask() };
        for (var i = 0; i < 4; i++)
        {
            request.UpdateMask.Paths.Add(new string((char)('a' + i), 60_000));
        }

        var ex = await Assert.ThrowsAsync<RpcException>(() => fixture.Admin.UpdateSiteAsync(request, ServiceFixture.Bearer(ServiceFixture.AdminKey)).ResponseAsync);
        var after = await site.SubmitAsync(Comments.Clean());

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.All(ex.BadRequest().FieldViolations, v => Assert.InRange(v.Description.Length, 1, 301));
        Assert.InRange(ex.Status.Detail.Length, 1, 1_001);
        Assert.NotEqual(Verdict.Unspecified, after.Assessment.Verdict);
    }

    [Fact]
    public async Task ThousandsOfBadEntries_ListTheFirstFiftyAndSayHowManyMore()
    {
        var request = new CreateApiKeyRequest { Role = ApiKeyRole.Site, DisplayName = "many" };
        for (var i = 0; i < 2_000; i++)
        {
            request.SiteIds.Add($"no-such-site-{i}");
        }

        var ex = await Assert.ThrowsAsync<RpcException>(() => fixture.Admin.CreateApiKeyAsync(request, ServiceFixture.Bearer(ServiceFixture.AdminKey)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        var violations = ex.BadRequest().FieldViolations;
        Assert.Equal(51, violations.Count);
        // 2,000 unknown sites, and one more: a site key belongs to exactly one site.
        Assert.Equal("1951 more problems are not listed.", violations[^1].Description);
    }
}
