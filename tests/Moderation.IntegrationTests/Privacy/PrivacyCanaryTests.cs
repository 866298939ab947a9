using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Moderation.Contracts.V1;
using Moderation.IntegrationTests.Infrastructure;
using Moderation.Server.Storage;
using OpenTelemetry.Trace;

namespace Moderation.IntegrationTests.Privacy;

/// <summary>The service logging everything at Trace, with every span exported to memory.</summary>
public sealed class CanaryFixture : ServiceFixture
{
    public List<Activity> Spans { get; } = [];
    public ConcurrentQueue<string> Logs { get; } = new();

    protected override void Configure(WebApplicationBuilder builder)
    {
        builder.Configuration["Telemetry:Tracing"] = "true";
        foreach (var category in new[] { "Default", "Microsoft", "Microsoft.AspNetCore", "Polly", "Grpc" })
        {
            builder.Configuration[$"Logging:LogLevel:{category}"] = "Trace";
        }
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(new EverythingLogger(Logs));
        builder.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(Spans));
    }

    /// <summary>Every message, with its structured values, exception and scopes, as text.</summary>
    private sealed class EverythingLogger(ConcurrentQueue<string> logs) : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Logger(string category, EverythingLogger provider) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
                var scopes = new List<string>();
                provider._scopes.ForEachScope((scope, list) => list.Add(scope is IEnumerable<KeyValuePair<string, object?>> kv ? string.Join(" ", kv.Select(p => $"{p.Key}={p.Value}")) : scope?.ToString() ?? ""), scopes);
                provider.Logs_.Enqueue($"{logLevel} {category}: {formatter(state, exception)} [{values}] [{string.Join(" | ", scopes)}] {exception}");
            }
        }

        private ConcurrentQueue<string> Logs_ => logs;
    }
}

/// <summary>
/// A commenter's email and IP, and the API keys, followed through submission, rejection, moderation, reports,
/// listing and erasure: they may be in the stored record, and nowhere else.
/// </summary>
public sealed class PrivacyCanaryTests(CanaryFixture fixture) : IClassFixture<CanaryFixture>
{
    private const string Email = "Canary.Songbird@Example.org";
    private const string Ip = "203.0.113.199";

    [Fact]
    public async Task TheEmailIpAndKeys_NeverAppearInALogLineSpanEvidenceOrExample()
    {
        var site = await fixture.CreateSiteAsync(new SiteSettings
        {
            ModerationMode = ModerationMode.All, FloodSeconds = 0,
            PremoderatedEmails = { Email.ToLowerInvariant() }, PremoderatedIps = { Ip }, ModerationTerms = { "refund", Ip, "canary.songbird@gmial.com" },
        });
        var moderator = await site.ModeratorAsync();
        var moderatorKey = (string)moderator.Auth.Get("authorization")!.Value;
        CommentSubmission Canary(string text)
        {
            var c = Comments.Clean(text);
            c.AuthorEmail = Email;
            c.AuthorIp = Ip;
            return c;
        }
        var answers = new List<SubmitCommentResponse>
        {
            await site.SubmitAsync(Canary("I would like a refund for the concert tickets, please.")),
            await site.SubmitAsync(Canary("A second thought on the article, with more detail.")),
            await site.SubmitAsync(Canary("Scored but not stored."), test: true),
        };
        var typo = Canary("Email with a typo in the domain.");
        typo.AuthorEmail = "canary.songbird@gmial.com";
        answers.Add(await site.SubmitAsync(typo));
        var rejected = Canary("");
        answers.Add(await site.SubmitAsync(rejected));
        Assert.Equal(Verdict.Rejected, answers[^1].Assessment.Verdict);
        var bad = Canary("x");
        bad.AuthorIp = "203.0.113.999";
        await Assert.ThrowsAsync<RpcException>(() => site.SubmitAsync(bad));

        var listed = await moderator.ListAsync(new CommentFilter { Status = CommentStatus.Pending, AuthorEmail = Email, AuthorIp = Ip });
        Assert.Equal(2, listed.Comments.Count);
        await moderator.DecideAsync(answers[0].CommentId, ModerationAction.Approve, note: "fine");
        await fixture.Comments.ReportSpamAsync(new ReportSpamRequest { CommentId = answers[1].CommentId }, site.Auth);
        await site.GetAsync(answers[0].CommentId);
        var examples = await fixture.Db.StreamRangeAsync(RedisKeys.ExamplesOf(site.SiteId));
        Assert.Equal(2, examples.Length);
        var erased = await fixture.Comments.EraseAuthorDataAsync(new EraseAuthorDataRequest { AuthorEmail = Email, AuthorIp = Ip }, site.Auth);
        // Both of the address, and the one with the typo from the same IP.
        Assert.Equal(3, erased.CommentsAffected);

        string[] secrets = [Email, "canary.songbird@gmial.com", Ip, site.Key, moderatorKey.Replace("Bearer ", "", StringComparison.Ordinal), ServiceFixture.AdminKey];
        var evidence = answers.SelectMany(a => a.Assessment.RuleHits).Select(h => h.Evidence).Concat(listed.Comments.SelectMany(c => c.Assessment.RuleHits).Select(h => h.Evidence)).ToList();
        Assert.Contains(evidence, e => e.Contains('•', StringComparison.Ordinal));
        var spanText = await SpanTextAsync();
        Assert.Contains(spanText, s => s.Contains("moderation.rules", StringComparison.Ordinal));
        var logs = fixture.Logs.ToList();
        Assert.True(logs.Count > 100, $"only {logs.Count} log lines: is Trace on?");
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(logs, l => l.Contains(secret, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(spanText, s => s.Contains(secret, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(evidence, e => e.Contains(secret, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(examples, e => ((byte[])e["sub"]!).AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(secret)) >= 0);
        }
    }

    // Redis spans are flushed from the client's profiler a moment after the command.
    private async Task<List<string>> SpanTextAsync()
    {
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        fixture.App.Services.GetRequiredService<TracerProvider>().ForceFlush();
        lock (fixture.Spans)
        {
            return [.. fixture.Spans.Select(s => string.Join(" ",
                [s.DisplayName, s.OperationName, s.StatusDescription ?? "",
                .. s.TagObjects.Select(t => $"{t.Key}={t.Value}"),
                .. s.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name} {t.Key}={t.Value}").Append(e.Name)),
                .. s.Baggage.Select(b => $"{b.Key}={b.Value}")]))];
        }
    }
}
