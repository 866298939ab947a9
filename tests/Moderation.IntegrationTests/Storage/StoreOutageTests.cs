using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.AspNetCore.Builder;
using Moderation.Contracts.V1;
using Moderation.IntegrationTests.Infrastructure;

namespace Moderation.IntegrationTests.Storage;

/// <summary>The service with its spool turned off, so an outage of Redis is an outage of the service.</summary>
public sealed class NoSpoolFixture : ServiceFixture
{
    protected override TimeSpan ProbeTimeout => TimeSpan.FromMilliseconds(500);

    protected override void Configure(WebApplicationBuilder builder) => builder.Configuration["Spool:Enabled"] = "false";
}

/// <summary>Stops this fixture's Redis mid-test, so it has a fixture of its own.</summary>
public sealed class StoreOutageTests(NoSpoolFixture fixture) : IClassFixture<NoSpoolFixture>
{
    [Fact]
    public async Task Submit_WhileRedisIsDown_WithoutASpool_IsUnavailableAndHealthSaysNotServing()
    {
        var site = await fixture.CreateSiteAsync();
        await site.SubmitAsync(Comments.Clean());

        await fixture.StopRedisAsync();
        var ex = await Assert.ThrowsAsync<RpcException>(() => fixture.Comments.SubmitCommentAsync(
            new SubmitCommentRequest { Comment = Comments.Clean() }, site.Auth, deadline: DateTime.UtcNow.AddSeconds(20)).ResponseAsync);
        var health = new Health.HealthClient(fixture.Channel);

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Equal("STORE_UNAVAILABLE", ex.ErrorInfo().Reason);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, (await health.CheckAsync(new HealthCheckRequest())).Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing,
            (await health.CheckAsync(new HealthCheckRequest { Service = "moderation.v1.CommentService" })).Status);
        Assert.All(fixture.LoggedErrors, e => Assert.StartsWith("Polly", e, StringComparison.Ordinal));
    }
}
