using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Moderation.Contracts.V1;
using Moderation.IntegrationTests.Infrastructure;
using Moderation.IntegrationTests.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Moderation.Server.Storage;

namespace Moderation.IntegrationTests.Cluster;

/// <summary>Two replicas of the service against one Redis, each with its own spool, as a Deployment of two runs them.</summary>
public sealed class TwoReplicasFixture : FastWebhookFixture
{
    private readonly string _secondSpool = Path.Combine(Path.GetTempPath(), "moderation-spool-" + Guid.NewGuid().ToString("N")[..12]);
    private WebApplication? _second;

    public GrpcChannel SecondChannel { get; private set; } = null!;

    public IServiceProvider SecondServices => _second!.Services;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        (_second, var address) = await StartHostAsync(_secondSpool);
        SecondChannel = GrpcChannel.ForAddress(address);
    }

    public override async Task DisposeAsync()
    {
        SecondChannel.Dispose();
        if (_second is not null)
        {
            await _second.StopAsync();
            await _second.DisposeAsync();
        }
        await base.DisposeAsync();
        if (Directory.Exists(_secondSpool))
        {
            Directory.Delete(_secondSpool, recursive: true);
        }
    }
}

public sealed class TwoReplicasTests(TwoReplicasFixture fixture) : IClassFixture<TwoReplicasFixture>, IDisposable
{
    private ModerationService.ModerationServiceClient SecondModeration => new(fixture.SecondChannel);
    private CommentService.CommentServiceClient SecondComments => new(fixture.SecondChannel);
    private AdminService.AdminServiceClient SecondAdmin => new(fixture.SecondChannel);

    [Fact]
    public async Task EachDecision_IsDeliveredOnce_AndWatchesOnEitherReplicaSeeEveryOne()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var site = await fixture.CreateSiteAsync(new SiteSettings { ModerationMode = ModerationMode.All, WebhookUrl = receiver.Url, WebhookSecret = "a-webhook-secret-for-tests" });
        var ids = await site.SubmitPendingAsync(6);
        var moderator = await site.ModeratorAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var first = fixture.Comments.WatchDecisions(new WatchDecisionsRequest(), site.Auth, cancellationToken: cancel.Token);
        using var second = SecondComments.WatchDecisions(new WatchDecisionsRequest(), site.Auth, cancellationToken: cancel.Token);
        await Task.WhenAll(first.ResponseHeadersAsync, second.ResponseHeadersAsync);

        for (var i = 0; i < ids.Count; i++)
        {
            // Half the decisions through each replica.
            var client = i % 2 == 0 ? moderator.Client : SecondModeration;
            await client.ModerateCommentAsync(new ModerateCommentRequest { SiteId = site.SiteId, CommentId = ids[i], Action = ModerationAction.Approve }, moderator.Auth);
        }

        foreach (var watch in new[] { first, second })
        {
            var seen = new HashSet<string>();
            while (seen.Count < ids.Count && await watch.ResponseStream.MoveNext(cancel.Token))
            {
                seen.Add(watch.ResponseStream.Current.CommentId);
            }
            Assert.Equal(ids.ToHashSet(), seen);
        }
        await receiver.WaitForAsync(ids.Count, TimeSpan.FromSeconds(15));
        // Both replicas' dispatchers poll every 50 ms; a second delivery would have come by now.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(ids.Count, receiver.Received.Count);
        Assert.Equal(ids.Count, receiver.Received.Select(d => d.EventId).Distinct().Count());
    }

    [Fact]
    public async Task ASettingsChange_OnOneReplica_IsInForceOnTheOtherAtOnce()
    {
        var site = await fixture.CreateSiteAsync();
        var siteClient = SecondComments;
        Assert.Equal(Verdict.Approved, (await siteClient.SubmitCommentAsync(new SubmitCommentRequest { Comment = Comments.Clean() }, site.Auth)).Assessment.Verdict);

        await fixture.Admin.UpdateSiteAsync(new UpdateSiteRequest
        {
            Site = new Site { SiteId = site.SiteId, Settings = new SiteSettings { ModerationMode = ModerationMode.All } },
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "settings.moderation_mode" } },
        }, ServiceFixture.Bearer(ServiceFixture.AdminKey));

        // The invalidation is a pub/sub message: the other replica has it within moments of the answer.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        Verdict verdict;
        do
        {
            verdict = (await siteClient.SubmitCommentAsync(new SubmitCommentRequest { Comment = Comments.Clean(), Test = true }, site.Auth)).Assessment.Verdict;
        }
        while (verdict != Verdict.Pending && DateTime.UtcNow < deadline);
        Assert.Equal(Verdict.Pending, verdict);
    }

    [Fact]
    public async Task BothReplicasAskedToTrain_TheStoreKeepsTheNewestModel()
    {
        var site = await fixture.CreateSiteAsync();
        var import = new ImportLabeledCommentsRequest { SiteId = site.SiteId };
        import.Comments.AddRange(Enumerable.Range(0, 20).Select(i => new LabeledComment
        {
            Content = i % 2 == 0 ? $"Check out my channel number {i} and subscribe for free giveaways" : $"The council's budget vote, part {i}, was explained well.",
            AuthorName = "Reader " + i,
            Spam = i % 2 == 0,
        }));
        var admin = ServiceFixture.Bearer(ServiceFixture.AdminKey);
        await fixture.Admin.ImportLabeledCommentsAsync(import, admin);

        var both = await Task.WhenAll(
            fixture.Admin.TrainModelAsync(new TrainModelRequest { SiteId = site.SiteId }, admin).ResponseAsync,
            SecondAdmin.TrainModelAsync(new TrainModelRequest { SiteId = site.SiteId }, admin).ResponseAsync);

        var stored = await fixture.Db.HashGetAsync(Moderation.Server.Storage.RedisKeys.Model(site.SiteId), "v");
        var generations = both.Select(r => int.Parse(r.Version.Split('.')[^1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(site.SiteId + "." + generations.Max(), stored.ToString());
        Assert.Equal(2, generations.Distinct().Count());
    }

    [Fact]
    public async Task TheTrainingLock_IsHeldByOneReplica_AndOnlyItsHolderReleasesIt()
    {
        var first = fixture.App.Services.GetRequiredService<ModelStore>();
        var second = fixture.SecondServices.GetRequiredService<ModelStore>();
        var scope = "lock-" + Guid.NewGuid().ToString("N")[..8];

        var expired = await first.TryLockAsync(scope, TimeSpan.FromSeconds(1));
        Assert.NotNull(expired);
        Assert.Null(await second.TryLockAsync(scope, TimeSpan.FromSeconds(30)));
        // The first replica's lock runs out (a long pause, a slow round) and the second takes it.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var held = await second.TryLockAsync(scope, TimeSpan.FromSeconds(30));
        Assert.NotNull(held);
        await first.ReleaseLockAsync(scope, expired);
        Assert.Null(await first.TryLockAsync(scope, TimeSpan.FromSeconds(30)));
        await second.ReleaseLockAsync(scope, held);
        Assert.NotNull(await first.TryLockAsync(scope, TimeSpan.FromSeconds(1)));
    }

    public void Dispose() => Assert.True(fixture.LoggedErrors.Count == 0, string.Join("\n", fixture.LoggedErrors));
}
