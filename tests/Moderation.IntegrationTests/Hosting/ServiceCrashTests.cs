using Grpc.Net.Client;
using Moderation.Contracts.V1;
using Moderation.IntegrationTests.Infrastructure;
using Moderation.Testing;
using Xunit.Abstractions;

namespace Moderation.IntegrationTests.Hosting;

[Collection(FaultTests.Name)]
public sealed class ServiceCrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _spool = Path.Combine(Path.GetTempPath(), "moderation-spool-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly string _redisData = Path.Combine(Path.GetTempPath(), "moderation-redis-" + Guid.NewGuid().ToString("N")[..12]);
    private RedisServerProcess _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServerProcess.StartAsync(RedisServerProcess.FreePort(), _redisData);

    public async Task DisposeAsync()
    {
        await _redis.DisposeAsync();
        foreach (var folder in new[] { _spool, _redisData })
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public async Task TheServiceKilledWhileRedisIsDown_LosesNoSpooledComment()
    {
        var port = RedisServerProcess.FreePort();
        var service = await ServiceProcess.StartAsync(port, _redis.Configuration, _spool);
        try
        {
            using var channel = GrpcChannel.ForAddress(service.Address);
            var (comments, auth) = await CreateSiteAsync(channel);
            await comments.SubmitCommentAsync(new SubmitCommentRequest { Comment = Comments.Clean() }, auth);
            await _redis.DisposeAsync();
            var load = new SubmitLoad(comments, auth, workers: 8);
            await load.WaitForAsync(100, a => a.Answer.Degraded);
            await service.KillAsync();
            await service.DisposeAsync();
            var restart = System.Diagnostics.Stopwatch.StartNew();
            service = await ServiceProcess.StartAsync(port, _redis.Configuration, _spool, waitForRedis: false);
            output.WriteLine($"restarted without Redis in {restart.Elapsed.TotalSeconds:F1} s");
            // The new process has not seen the site's key: until Redis is back its calls are UNAVAILABLE, and retried.
            _redis = await RedisServerProcess.StartAsync(_redis.Port, _redisData);
            var drained = System.Diagnostics.Stopwatch.StartNew();
            await load.WaitForAsync(50, a => !a.Answer.Degraded);
            var accepted = await load.StopAsync();
            output.WriteLine($"load done {drained.Elapsed.TotalSeconds:F1} s after Redis started");
            while (Directory.EnumerateFiles(_spool, "*.spool*").Any() && drained.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(100);
            }

            output.WriteLine($"{accepted.Count} accepted, {accepted.Count(a => a.Answer.Degraded)} degraded, {accepted.Count(a => a.FailedAttempts > 0)} after retries; spool empty {drained.Elapsed.TotalSeconds:F1} s after Redis started");
            Assert.True(accepted.Any(a => a.FailedAttempts > 0), "the service was not killed under load");
            Assert.Empty(await SubmitLoad.MissingAsync(comments, auth, accepted));
            output.WriteLine($"checked {drained.Elapsed.TotalSeconds:F1} s after Redis started");
        }
        finally
        {
            await service.DisposeAsync();
        }
    }

    private static async Task<(CommentService.CommentServiceClient Comments, Grpc.Core.Metadata Auth)> CreateSiteAsync(GrpcChannel channel)
    {
        var admin = new AdminService.AdminServiceClient(channel);
        var siteId = "crash-" + Guid.NewGuid().ToString("N")[..8];
        await admin.CreateSiteAsync(new CreateSiteRequest { Site = new Site { SiteId = siteId, Settings = new SiteSettings { FloodSeconds = 0 } } }, ServiceFixture.Bearer(ServiceFixture.AdminKey));
        var key = await admin.CreateApiKeyAsync(new CreateApiKeyRequest { Role = ApiKeyRole.Site, SiteIds = { siteId } }, ServiceFixture.Bearer(ServiceFixture.AdminKey));
        return (new CommentService.CommentServiceClient(channel), ServiceFixture.Bearer(key.Secret));
    }

    [Fact]
    public async Task TheServiceKilledUnderLoad_LosesNoAcceptedComment_AndRetriesAfterItsRestartAreReplayed()
    {
        var port = RedisServerProcess.FreePort();
        var service = await ServiceProcess.StartAsync(port, _redis.Configuration, _spool);
        try
        {
            using var channel = GrpcChannel.ForAddress(service.Address);
            var (comments, auth) = await CreateSiteAsync(channel);
            var load = new SubmitLoad(comments, auth, workers: 8);

            await load.WaitForAsync(200, _ => true);
            await service.KillAsync();
            await service.DisposeAsync();
            service = await ServiceProcess.StartAsync(port, _redis.Configuration, _spool);
            await load.WaitForAsync(100, _ => true);
            var accepted = await load.StopAsync();

            output.WriteLine($"{accepted.Count} accepted, {accepted.Count(a => a.FailedAttempts > 0)} after retries");
            Assert.True(accepted.Any(a => a.FailedAttempts > 0), $"{accepted.Count(a => a.FailedAttempts > 0)} comments were retried: was the service killed under load?");
            Assert.Empty(await SubmitLoad.MissingAsync(comments, auth, accepted));
            foreach (var a in accepted.Where(a => a.Answer.Assessment.Verdict != Verdict.Rejected))
            {
                var again = await comments.SubmitCommentAsync(new SubmitCommentRequest { Comment = a.Comment }, auth);
                Assert.True(again.Replayed, a.Answer.CommentId);
                Assert.Equal(a.Answer.Assessment.Verdict, again.Assessment.Verdict);
            }
        }
        finally
        {
            await service.DisposeAsync();
        }
    }
}
