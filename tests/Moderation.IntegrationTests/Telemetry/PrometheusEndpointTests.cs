using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Moderation.Contracts.V1;
using Moderation.IntegrationTests.Infrastructure;
using Moderation.IntegrationTests.Webhooks;
using Moderation.Testing;

namespace Moderation.IntegrationTests.Telemetry;

/// <summary>The service with the Prometheus scrape on a port of its own and the queue gauges sampled often.</summary>
public sealed class PrometheusFixture : FastWebhookFixture
{
    public int MetricsPort { get; } = RedisServerProcess.FreePort();

    protected override void Configure(WebApplicationBuilder builder)
    {
        base.Configure(builder);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Telemetry:PrometheusUrls"] = $"http://127.0.0.1:{MetricsPort}",
            ["Telemetry:QueueSampleInterval"] = "00:00:00.200",
        });
    }
}

/// <summary>
/// Alone, after the parallel tests: every host in the test process names its meter "Moderation.Server", and a
/// MeterListener sees all of them, so another host's instruments would shadow this one's in its scrape.
/// </summary>
[CollectionDefinition(nameof(PrometheusEndpointTests), DisableParallelization = true)]
public sealed class PrometheusAlone;

[Collection(nameof(PrometheusEndpointTests))]
public sealed class PrometheusEndpointTests(PrometheusFixture fixture) : IClassFixture<PrometheusFixture>, IDisposable
{
    /// <summary>The catalogue of docs/operations.md, as Prometheus names them; the dashboard and alerts may use only these.</summary>
    public static readonly string[] Catalogue =
    [
        "moderation_decisions_total", "moderation_submit_duration_seconds", "moderation_rule_hits_total",
        "moderation_queue_depth", "moderation_queue_oldest_age_seconds", "moderation_queue_expired_leases", "moderation_claims_total",
        "moderation_moderator_decisions_total", "moderation_webhook_deliveries_total", "moderation_training_runs_total",
        "moderation_model_version", "moderation_redis_duration_seconds", "moderation_redis_errors_total",
        "moderation_redis_available", "moderation_spool_depth", "moderation_spool_bytes", "moderation_spool_oldest_age_seconds",
    ];

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task TheScrape_ServesTheCatalogue_AfterTheFlowsThatFeedIt()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var site = await fixture.CreateSiteAsync(new SiteSettings { ModerationMode = ModerationMode.All, WebhookUrl = receiver.Url, WebhookSecret = "a-webhook-secret-for-tests" });
        var ids = await site.SubmitPendingAsync(2);
        var moderator = await site.ModeratorAsync();
        var claimed = await moderator.ClaimAsync(1);
        await moderator.DecideAsync(claimed.Comments[0].CommentId, ModerationAction.Approve);
        await receiver.WaitForAsync(1, TimeSpan.FromSeconds(15));
        var import = new ImportLabeledCommentsRequest { SiteId = site.SiteId, Train = true };
        import.Comments.AddRange(Enumerable.Range(0, 12).Select(i => new LabeledComment
        {
            Content = i % 2 == 0 ? $"Check out my channel number {i} and subscribe for free giveaways" : $"The council's budget vote, part {i}, was explained well.",
            AuthorName = "Reader " + i,
            Spam = i % 2 == 0,
        }));
        await fixture.Admin.ImportLabeledCommentsAsync(import, ServiceFixture.Bearer(ServiceFixture.AdminKey));
        // Scoring loads the new model into the replica's cache, which the version gauge reads.
        await site.SubmitAsync(Comments.Clean("A later comment, scored by the site's own model."));

        var text = "";
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        do
        {
            text = await Http.GetStringAsync($"http://127.0.0.1:{fixture.MetricsPort}/metrics");
            // Three held, one approved: the gauges have caught up once a sample shows two waiting.
            if (HasSample(text, "moderation_queue_depth", "moderation_queue=\"pending\"", $"moderation_site_id=\"{site.SiteId}\"", "} 2"))
            {
                break;
            }
            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        var missing = Catalogue.Where(name => name != "moderation_redis_errors_total" && !text.Contains("\n" + name, StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "not in the scrape: " + string.Join(", ", missing));
        Assert.True(HasSample(text, "moderation_queue_depth", "moderation_queue=\"pending\"", $"moderation_site_id=\"{site.SiteId}\"", "} 2"));
        Assert.True(HasSample(text, "moderation_queue_oldest_age_seconds", $"moderation_site_id=\"{site.SiteId}\""));
        Assert.True(HasSample(text, "moderation_claims_total", $"moderation_site_id=\"{site.SiteId}\"", "} 1"));
        Assert.True(HasSample(text, "moderation_webhook_deliveries_total", "moderation_outcome=\"delivered\""));
        Assert.True(HasSample(text, "moderation_training_runs_total", "moderation_outcome=\"trained\"", "moderation_scope=\"site\""));
        Assert.True(HasSample(text, "moderation_model_version", $"moderation_site_id=\"{site.SiteId}\""));
        Assert.True(HasSample(text, "moderation_redis_available", "} 1"));
        Assert.Single(ids, id => id != claimed.Comments[0].CommentId);
    }

    /// <summary>Whether a sample line of <paramref name="metric"/> has every one of <paramref name="parts"/>.</summary>
    private static bool HasSample(string scrape, string metric, params string[] parts) =>
        scrape.Split('\n').Any(line => line.StartsWith(metric + "{", StringComparison.Ordinal) && parts.All(p => line.Contains(p, StringComparison.Ordinal)));

    [Fact]
    public async Task TheScrape_IsOnlyOnItsOwnPort_AndThatPortServesNothingElse()
    {
        var onMetricsPort = await Http.GetAsync($"http://127.0.0.1:{fixture.MetricsPort}/v1/sites");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, onMetricsPort.StatusCode);

        using var grpcPort = new HttpClient { DefaultRequestVersion = System.Net.HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        var onGrpcPort = await grpcPort.GetAsync(new Uri(fixture.Address, "/metrics"));
        Assert.NotEqual(System.Net.HttpStatusCode.OK, onGrpcPort.StatusCode);
    }

    public void Dispose() => Assert.Empty(fixture.LoggedErrors);
}
