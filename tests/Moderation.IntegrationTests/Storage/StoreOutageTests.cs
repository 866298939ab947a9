using Grpc.Core;
using Grpc.Health.V1;
using Moderation.Contracts.V1;
using Moderation.IntegrationTests.Infrastructure;

namespace Moderation.IntegrationTests.Storage;

/// <summary>Stops this fixture's Redis mid-test, so it has a fixture of its own.</summary>
public sealed class StoreOutageTests(ServiceFixture fixture) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task Submit_WhileRedisIsDown_IsUnavailableAndHealthSaysNotServing()
    {
        var site = await fixture.CreateSiteAsync();
        await site.SubmitAsync(Comments.Clean());

        await fixture.Redis.DisposeAsync();
        var ex = await Assert.ThrowsAsync<RpcException>(() => fixture.Comments.SubmitCommentAsync(
            new SubmitCommentRequest { Comment = Comments.Clean() }, site.Auth, deadline: DateTime.UtcNow.AddSeconds(20)).ResponseAsync);
        var health = await new Health.HealthClient(fixture.Channel).CheckAsync(new HealthCheckRequest());

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Equal("STORE_UNAVAILABLE", ex.ErrorInfo().Reason);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, health.Status);
        // The only errors logged are the outage itself: Polly's timeouts and the failed health check.
        Assert.All(fixture.LoggedErrors, e => Assert.True(e.StartsWith("Polly", StringComparison.Ordinal) || e.Contains("HealthChecks", StringComparison.Ordinal), e));
    }
}
