using Grpc.Net.Client;
using Moderation.Contracts.V1;
using Moderation.IntegrationTests.Infrastructure;
using Moderation.Testing;
using Xunit.Abstractions;

namespace Moderation.IntegrationTests.Hosting;

public sealed class ServiceCrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _spool = Path.Combine(Path.GetTempPath(), "moderation-spool-" + Guid.NewGuid().ToString("N")[..12]);
    private RedisServerProcess _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServerProcess.StartAsync(RedisServerProcess.FreePort(), null);

    public async Task DisposeAsync()
    {
        await _redis.DisposeAsync();
        if (Directory.Exists(_spool))
        {
            Directory.Delete(_spool, recursive: true);
        }
    }

    [Fact]
    public async Task TheServiceKilledUnderLoad_LosesNoAcceptedComment_AndRetriesAfterItsRestartAreReplayed()
    {
        var port = RedisServerProcess.FreePort();
        var service = await ServiceProcess.StartAsync(port, _redis.Configuration, _spool);
        try
        {
            using var channel = GrpcChannel.ForAddress(service.Address);
            var admin = new AdminService.AdminServiceClient(channel);
            var siteId = "crash-" + Guid.NewGuid().ToString("N")[..8];
            await admin.CreateSiteAsync(new CreateSiteRequest { Site = new Site { SiteId = siteId, Settings = new SiteSettings { FloodSeconds = 0 } } }, ServiceFixture.Bearer(ServiceFixture.AdminKey));
            var key = await admin.CreateApiKeyAsync(new CreateApiKeyRequest { Role = ApiKeyRole.Site, SiteIds = { siteId } }, ServiceFixture.Bearer(ServiceFixture.AdminKey));
            var auth = ServiceFixture.Bearer(key.Secret);
            var comments = new CommentService.CommentServiceClient(channel);
            var load = SubmitLoad.RunAsync(comments, auth, workers: 8, TimeSpan.FromSeconds(4));

            await Task.Delay(TimeSpan.FromSeconds(1.5));
            await service.KillAsync();
            await service.DisposeAsync();
            service = await ServiceProcess.StartAsync(port, _redis.Configuration, _spool);
            var accepted = await load;

            output.WriteLine($"{accepted.Count} accepted, {accepted.Count(a => a.FailedAttempts > 0)} after retries");
            Assert.True(accepted.Count(a => a.FailedAttempts == 0) > 50, $"{accepted.Count} answers");
            Assert.True(accepted.Count(a => a.FailedAttempts > 0) >= 8, $"{accepted.Count(a => a.FailedAttempts > 0)} comments were retried: was the service killed under load?");
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
