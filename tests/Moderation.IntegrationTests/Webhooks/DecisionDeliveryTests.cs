using System.Text.Json;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Moderation.Contracts.V1;
using Moderation.IntegrationTests.Infrastructure;
using Moderation.Server.Webhooks;

namespace Moderation.IntegrationTests.Webhooks;

/// <summary>The service with webhook pacing shortened so retries and backoff happen within a test.</summary>
public class FastWebhookFixture : ServiceFixture
{
    protected virtual TimeSpan GiveUpAfter => TimeSpan.FromHours(1);

    protected override void Configure(WebApplicationBuilder builder) =>
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Webhooks:PollInterval"] = "00:00:00.050",
            ["Webhooks:Retries"] = "1",
            ["Webhooks:RetryDelay"] = "00:00:00.020",
            ["Webhooks:Backoff"] = "00:00:00.200",
            ["Webhooks:MaxBackoff"] = "00:00:00.500",
            ["Webhooks:BreakDuration"] = "00:00:00.500",
            ["Webhooks:GiveUpAfter"] = GiveUpAfter.ToString(),
        });
}

public sealed class DecisionDeliveryTests(FastWebhookFixture fixture) : IClassFixture<FastWebhookFixture>, IDisposable
{
    private const string Secret = "a-webhook-secret-for-tests";
    private static SiteSettings HoldAll => new() { ModerationMode = ModerationMode.All, FloodSeconds = 0 };

    [Fact]
    public async Task WatchDecisions_ResumedFromACursor_DeliversExactlyTheEventsAfterIt()
    {
        var site = await fixture.CreateSiteAsync(HoldAll);
        var ids = await site.SubmitPendingAsync(4);
        var alice = await site.ModeratorAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var first = await ReadEventsAsync(site, "", 0, async () =>
        {
            await alice.DecideAsync(ids[0], ModerationAction.Approve);
            await alice.DecideAsync(ids[1], ModerationAction.Spam);
            await alice.DecideAsync(ids[2], ModerationAction.Reject);
        }, 3, cts.Token);
        var resumed = await ReadEventsAsync(site, first[0].Cursor, 0, () => alice.DecideAsync(ids[3], ModerationAction.Approve), 3, cts.Token);

        Assert.Equal([ids[0], ids[1], ids[2]], first.Select(e => e.CommentId));
        Assert.Equal([CommentStatus.Approved, CommentStatus.Spam, CommentStatus.Rejected], first.Select(e => e.Status));
        Assert.All(first, e => Assert.Equal(CommentStatus.Pending, e.PreviousStatus));
        Assert.Equal([first[1].Cursor, first[2].Cursor], resumed.Take(2).Select(e => e.Cursor));
        Assert.Equal(ids[3], resumed[2].CommentId);
        Assert.Equal(alice.KeyId, resumed[2].Actor);
        Assert.NotEmpty(resumed[2].HostCommentId);
    }

    [Fact]
    public async Task WatchDecisions_FromTheSubmitCursor_SeesTheLaterDecision()
    {
        var site = await fixture.CreateSiteAsync(HoldAll);
        var submitted = await site.SubmitAsync(Comments.Clean());
        var alice = await site.ModeratorAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var events = await ReadEventsAsync(site, submitted.DecisionCursor, 0, () => alice.DecideAsync(submitted.CommentId, ModerationAction.Approve), 1, cts.Token);

        Assert.Equal(submitted.CommentId, events[0].CommentId);
        Assert.Equal(CommentStatus.Approved, events[0].Status);
        var badCursor = await Assert.ThrowsAsync<RpcException>(() => ReadEventsAsync(site, "yesterday", 0, () => Task.CompletedTask, 1, cts.Token));
        Assert.Equal(StatusCode.InvalidArgument, badCursor.StatusCode);
    }

    [Fact]
    public async Task AWebhookReceiver_GetsEveryDecisionSigned_IncludingAfterItWasDown()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var site = await fixture.CreateSiteAsync(WithWebhook(receiver.Url));
        var ids = await site.SubmitPendingAsync(5);
        var alice = await site.ModeratorAsync();

        await alice.DecideAsync(ids[0], ModerationAction.Approve);
        await alice.DecideAsync(ids[1], ModerationAction.Spam);
        await receiver.WaitForAsync(2, TimeSpan.FromSeconds(15));
        receiver.Down = true;
        await alice.DecideAsync(ids[2], ModerationAction.Reject);
        await alice.DecideAsync(ids[3], ModerationAction.Approve);
        var waited = DateTime.UtcNow;
        while (receiver.Refused < 3 && DateTime.UtcNow - waited < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(50);
        }
        receiver.Down = false;
        await site.Fixture.Comments.ReportSpamAsync(new ReportSpamRequest { CommentId = ids[4] }, site.Auth);
        await receiver.WaitForAsync(5, TimeSpan.FromSeconds(20));

        Assert.True(receiver.Refused >= 3, $"the receiver refused {receiver.Refused} calls");
        var calls = receiver.Received.ToList();
        var bodies = calls.Select(c => JsonDocument.Parse(c.Body).RootElement).ToList();
        Assert.Equal(ids, bodies.Select(b => b.GetProperty("comment_id").GetString()).Distinct());
        Assert.Equal(["approved", "spam", "rejected", "approved", "spam"], bodies.Select(b => b.GetProperty("status").GetString()).Take(5));
        Assert.All(bodies, b => Assert.Equal("pending", b.GetProperty("previous_status").GetString()));
        Assert.Equal(site.KeyId, bodies[4].GetProperty("actor").GetString());
        foreach (var call in calls)
        {
            Assert.True(WebhookSigner.Verify(Secret, long.Parse(call.Timestamp, System.Globalization.CultureInfo.InvariantCulture), call.Body, call.Signature), "bad signature");
            Assert.Equal(JsonDocument.Parse(call.Body).RootElement.GetProperty("event_id").GetString(), call.EventId);
        }
    }

    [Fact]
    public async Task TheWebhookSecret_IsNeverEchoed()
    {
        var site = await fixture.CreateSiteAsync(WithWebhook("https://host.example/hook"));

        var read = (await fixture.Admin.GetSiteAsync(new GetSiteRequest { SiteId = site.SiteId }, ServiceFixture.Bearer(ServiceFixture.AdminKey))).Site.Settings;
        var updated = await fixture.Admin.UpdateSiteAsync(new UpdateSiteRequest
        {
            Site = new Site { SiteId = site.SiteId, Settings = new SiteSettings { MaxLinks = 3 } },
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "settings.max_links" } },
        }, ServiceFixture.Bearer(ServiceFixture.AdminKey));
        var noSecret = await Assert.ThrowsAsync<RpcException>(() => fixture.CreateSiteAsync(new SiteSettings { WebhookUrl = "https://host.example/hook" }));

        Assert.Empty(read.WebhookSecret);
        Assert.True(read.WebhookSecretSet);
        Assert.True(updated.Site.Settings.WebhookSecretSet);
        Assert.Equal(StatusCode.InvalidArgument, noSecret.StatusCode);
    }

    [Theory]
    [InlineData("99999999999999999999-0")]
    [InlineData("1-99999999999999999999")]
    [InlineData("12-3-4")]
    [InlineData("abc")]
    public async Task ACursorNoStreamCouldHaveSent_IsInvalidArgument_NotAnOutage(string cursor)
    {
        var site = await fixture.CreateSiteAsync();
        using var watch = fixture.Comments.WatchDecisions(new WatchDecisionsRequest { Cursor = cursor }, site.Auth);

        var ex = await Assert.ThrowsAsync<RpcException>(() => watch.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal("INVALID_CURSOR", ex.ErrorInfo().Reason);
    }

    private static SiteSettings WithWebhook(string url)
    {
        var settings = HoldAll;
        settings.WebhookUrl = url;
        settings.WebhookSecret = Secret;
        return settings;
    }

    private static async Task<List<WatchDecisionsResponse>> ReadEventsAsync(TestSite site, string cursor, int skip, Func<Task> act, int count, CancellationToken cancellationToken)
    {
        using var watch = site.Fixture.Comments.WatchDecisions(new WatchDecisionsRequest { Cursor = cursor }, site.Auth, cancellationToken: cancellationToken);
        await watch.ResponseHeadersAsync;
        await act();
        var events = new List<WatchDecisionsResponse>();
        while (events.Count < count + skip && await watch.ResponseStream.MoveNext(cancellationToken))
        {
            events.Add(watch.ResponseStream.Current);
        }
        return events.Skip(skip).ToList();
    }

    public void Dispose() => Assert.True(fixture.LoggedErrors.Count == 0, string.Join("\n", fixture.LoggedErrors));
}

/// <summary>The service giving up on undelivered webhooks after two seconds.</summary>
public sealed class GiveUpQuicklyFixture : FastWebhookFixture
{
    protected override TimeSpan GiveUpAfter => TimeSpan.FromSeconds(2);
}

public sealed class DeadWebhookTests(GiveUpQuicklyFixture fixture) : IClassFixture<GiveUpQuicklyFixture>, IDisposable
{
    [Fact]
    public async Task AnUndeliverableEvent_IsDeadLettered_AndRedeliveredOnRequest()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Down = true;
        var site = await fixture.CreateSiteAsync(new SiteSettings { ModerationMode = ModerationMode.All, WebhookUrl = receiver.Url, WebhookSecret = "a-webhook-secret-for-tests" });
        var id = (await site.SubmitPendingAsync(1))[0];
        var alice = await site.ModeratorAsync();
        var admin = ServiceFixture.Bearer(ServiceFixture.AdminKey);

        await alice.DecideAsync(id, ModerationAction.Approve);
        ListDeadWebhooksResponse dead;
        var started = DateTime.UtcNow;
        do
        {
            await Task.Delay(100);
            dead = await fixture.Admin.ListDeadWebhooksAsync(new ListDeadWebhooksRequest { SiteId = site.SiteId }, admin);
        }
        while (dead.DeadWebhooks.Count == 0 && DateTime.UtcNow - started < TimeSpan.FromSeconds(20));
        receiver.Down = false;
        var requeued = await fixture.Admin.RedeliverWebhooksAsync(new RedeliverWebhooksRequest { SiteId = site.SiteId }, admin);
        await receiver.WaitForAsync(1, TimeSpan.FromSeconds(15));

        var entry = Assert.Single(dead.DeadWebhooks);
        Assert.Equal(id, entry.CommentId);
        Assert.Equal("HTTP 503", entry.LastError);
        Assert.Equal(1, requeued.RequeuedCount);
        var call = Assert.Single(receiver.Received);
        Assert.Equal(id, JsonDocument.Parse(call.Body).RootElement.GetProperty("comment_id").GetString());
        Assert.Equal(entry.Cursor, call.EventId);
        Assert.Empty((await fixture.Admin.ListDeadWebhooksAsync(new ListDeadWebhooksRequest { SiteId = site.SiteId }, admin)).DeadWebhooks);
    }

    public void Dispose() => Assert.True(fixture.LoggedErrors.Count == 0, string.Join("\n", fixture.LoggedErrors));
}
