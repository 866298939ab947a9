using System.Diagnostics;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Moderation.Contracts.V1;
using Moderation.IntegrationTests.Infrastructure;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Moderation.IntegrationTests.Hosting;

/// <summary>The service with OpenTelemetry's in-memory exporter attached.</summary>
public sealed class TelemetryFixture : ServiceFixture
{
    public List<Activity> Spans { get; } = [];
    public List<Metric> Metrics { get; } = [];

    protected override void Configure(WebApplicationBuilder builder)
    {
        builder.Configuration["Telemetry:Tracing"] = "true";
        builder.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(Spans));
        builder.Services.Configure<OpenTelemetry.Instrumentation.StackExchangeRedis.StackExchangeRedisInstrumentationOptions>(o => o.FlushInterval = TimeSpan.FromMilliseconds(100));
        builder.Services.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(Metrics));
    }
}

public sealed class HealthAndTelemetryTests(TelemetryFixture fixture) : IClassFixture<TelemetryFixture>, IDisposable
{
    [Fact]
    public async Task Health_WithRedisUp_IsServing()
    {
        var health = new Health.HealthClient(fixture.Channel);

        var response = await health.CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Reflection_ListsOurServices()
    {
        var reflection = new ServerReflection.ServerReflectionClient(fixture.Channel);
        using var call = reflection.ServerReflectionInfo();

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();

        Assert.Contains("moderation.v1.CommentService", services);
        Assert.Contains("moderation.v1.ModerationService", services);
        Assert.Contains("moderation.v1.AdminService", services);
        Assert.Contains("grpc.health.v1.Health", services);
    }

    [Fact]
    public async Task Submit_RecordsStageSpansAndMetrics_WithoutEmailOrIpInClear()
    {
        var site = await fixture.CreateSiteAsync();
        var comment = Comments.Clean("Links https://a.example and https://b.example");
        // The host site's own trace: the service's spans join it.
        var callerTrace = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom();
        var headers = new Grpc.Core.Metadata { { "authorization", "Bearer " + site.Key }, { "traceparent", $"00-{callerTrace}-{callerSpan}-01" } };

        await fixture.Comments.SubmitCommentAsync(new SubmitCommentRequest { Comment = comment }, headers);
        fixture.App.Services.GetRequiredService<TracerProvider>().ForceFlush();
        fixture.App.Services.GetRequiredService<MeterProvider>().ForceFlush();

        Activity[] spans;
        lock (fixture.Spans)
        {
            spans = [.. fixture.Spans];
        }
        var rules = Assert.Single(spans, s => s.OperationName == "moderation.rules" && (string?)s.GetTagItem("moderation.site_id") == site.SiteId);
        Assert.Contains("links.count", (string[])rules.GetTagItem("moderation.rule_ids")!);
        var server = Assert.Single(spans, s => s.SpanId == rules.ParentSpanId);
        Assert.Equal("pending", server.GetTagItem("moderation.verdict"));
        Assert.Equal(callerTrace, server.TraceId);
        Assert.Equal(callerSpan, server.ParentSpanId);
        Assert.Single(spans, s => s.OperationName == "moderation.store" && s.ParentSpanId == server.SpanId);
        // The Redis calls of the submission, in the caller's trace. The Redis instrumentation hands its spans over
        // in the background (every FlushInterval), so they may come after the others.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        bool IsRedisSpan(Activity s) => s.TraceId == callerTrace && s.Kind == ActivityKind.Client && s.GetTagItem("db.system")?.ToString() == "redis";
        while (!spans.Any(IsRedisSpan) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            fixture.App.Services.GetRequiredService<TracerProvider>().ForceFlush();
            lock (fixture.Spans)
            {
                spans = [.. fixture.Spans];
            }
        }
        Assert.Contains(spans, IsRedisSpan);
        foreach (var tag in spans.SelectMany(s => s.TagObjects))
        {
            var value = tag.Value is string[] many ? string.Join(",", many) : tag.Value?.ToString() ?? "";
            Assert.DoesNotContain(comment.AuthorEmail, value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(comment.AuthorIp, value, StringComparison.Ordinal);
        }
        Assert.Contains(fixture.Metrics, m => m.Name == "moderation.decisions");
        Assert.Contains(fixture.Metrics, m => m.Name == "moderation.submit.duration");
        Assert.Contains(fixture.Metrics, m => m.Name == "moderation.rule_hits");
    }

    public void Dispose() => Assert.Empty(fixture.LoggedErrors);
}
