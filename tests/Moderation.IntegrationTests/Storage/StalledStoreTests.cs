using System.Diagnostics;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Moderation.Contracts.V1;
using Moderation.IntegrationTests.Infrastructure;
using Moderation.Server.Storage;

namespace Moderation.IntegrationTests.Storage;

/// <summary>
/// Redis accepts commands but does not answer (CLIENT PAUSE), as when it stalls on a slow disk. That pauses
/// every client of this fixture's Redis, so it has a fixture of its own.
/// </summary>
public sealed class StalledStoreTests(ServiceFixture fixture) : IClassFixture<ServiceFixture>
{
    private const int PauseMs = 2_000;

    [Fact]
    public async Task StoreCall_WhenItsTokenIsCancelled_StopsWaitingForAStalledRedis()
    {
        var site = await fixture.CreateSiteAsync();
        var store = fixture.App.Services.GetRequiredService<CommentStore>();
        await fixture.Db.ExecuteAsync("CLIENT", "PAUSE", PauseMs, "ALL");
        try
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            var clock = Stopwatch.StartNew();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.GetAsync(site.SiteId, "0123456789abcdef01234567", cancel.Token));

            // Without the token reaching the wait, the read would have returned once the pause ended.
            Assert.True(clock.ElapsedMilliseconds < PauseMs, $"waited {clock.ElapsedMilliseconds} ms");
        }
        finally
        {
            await fixture.WaitForRedisAsync();
        }
    }

    [Fact]
    public async Task Submit_WhenRedisStallsPastTheDeadline_IsDeadlineExceededOrDegraded_AndLogsNoError()
    {
        var site = await fixture.CreateSiteAsync();
        await fixture.Db.ExecuteAsync("CLIENT", "PAUSE", PauseMs, "ALL");
        try
        {
            // On a slow machine the probe may see the stall first (500 ms without a PONG): then the answer is degraded,
            // which is right too. What must not happen is any other error, or a wait past the deadline.
            try
            {
                var answer = await fixture.Comments.SubmitCommentAsync(
                    new SubmitCommentRequest { Comment = Comments.Clean() }, site.Auth, deadline: DateTime.UtcNow.AddMilliseconds(300)).ResponseAsync;
                Assert.True(answer.Degraded, "answered within the deadline from a stalled store without degraded mode");
            }
            catch (RpcException ex)
            {
                Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
            }
        }
        finally
        {
            await fixture.WaitForRedisAsync();
        }
        // The stalled store is the caller's deadline, not a fault of ours: nothing is logged as an error.
        Assert.Empty(fixture.LoggedErrors);
    }
}
