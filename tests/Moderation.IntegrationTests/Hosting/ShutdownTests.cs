using System.Diagnostics;
using Grpc.Core;
using Grpc.Health.V1;
using Moderation.Contracts.V1;
using Moderation.IntegrationTests.Infrastructure;

namespace Moderation.IntegrationTests.Hosting;

/// <summary>Stops its service mid-test, so it has a fixture of its own.</summary>
public sealed class ShutdownFixture : ServiceFixture;

public sealed class ShutdownTests(ShutdownFixture fixture) : IClassFixture<ShutdownFixture>
{
    [Fact]
    public async Task Stopping_EndsOpenStreamsWithAStatusToResumeOn_AndDoesNotWaitForThem()
    {
        var site = await fixture.CreateSiteAsync();
        var moderator = await site.ModeratorAsync();
        var answer = await site.SubmitAsync(Comments.Clean());
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var decisions = fixture.Comments.WatchDecisions(new WatchDecisionsRequest { Cursor = answer.DecisionCursor }, site.Auth, cancellationToken: bound.Token);
        using var newOnly = fixture.Comments.WatchDecisions(new WatchDecisionsRequest(), site.Auth, cancellationToken: bound.Token);
        using var queue = moderator.Client.WatchQueue(new WatchQueueRequest(), moderator.Auth, cancellationToken: bound.Token);
        using var health = new Health.HealthClient(fixture.Channel).Watch(new HealthCheckRequest(), cancellationToken: bound.Token);
        await decisions.ResponseHeadersAsync;
        await newOnly.ResponseHeadersAsync;
        await queue.ResponseHeadersAsync;
        Assert.True(await health.ResponseStream.MoveNext(bound.Token));

        var clock = Stopwatch.StartNew();
        var stopping = fixture.App.StopAsync(bound.Token);
        var decisionsEnd = await Assert.ThrowsAsync<RpcException>(() => decisions.ResponseStream.MoveNext(bound.Token));
        var newOnlyEnd = await Assert.ThrowsAsync<RpcException>(() => newOnly.ResponseStream.MoveNext(bound.Token));
        var queueEnd = await Assert.ThrowsAsync<RpcException>(() => queue.ResponseStream.MoveNext(bound.Token));
        Assert.True(await health.ResponseStream.MoveNext(bound.Token));
        var lastHealth = health.ResponseStream.Current.Status;
        await stopping;
        clock.Stop();

        Assert.Equal((StatusCode.Unavailable, "SERVER_SHUTTING_DOWN"), (decisionsEnd.StatusCode, decisionsEnd.ErrorInfo().Reason));
        Assert.Equal((StatusCode.Unavailable, "SERVER_SHUTTING_DOWN"), (newOnlyEnd.StatusCode, newOnlyEnd.ErrorInfo().Reason));
        Assert.Equal((StatusCode.Unavailable, "SERVER_SHUTTING_DOWN"), (queueEnd.StatusCode, queueEnd.ErrorInfo().Reason));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, lastHealth);
        // The host's budget for in-flight calls is 5 s; open streams must not use it up.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"stopping took {clock.Elapsed.TotalMilliseconds:0} ms");
    }
}
