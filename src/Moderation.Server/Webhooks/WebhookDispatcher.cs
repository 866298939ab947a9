using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Moderation.Server.Moderators;
using Moderation.Server.Sites;
using Moderation.Server.Storage;
using Moderation.Server.Telemetry;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Moderation.Server.Webhooks;

/// <summary>
/// Delivers every status change of a held comment to the site's webhook, at least once and in order per
/// replica: an event is acknowledged only after a 2xx answer. Quick retries with jittered backoff and a circuit
/// breaker per endpoint handle blips; a site whose endpoint is down waits with growing backoff and resumes where
/// it stopped; an event undelivered for <see cref="WebhookOptions.GiveUpAfter"/> goes to the dead-letter list.
/// Submissions never wait for any of this.
/// </summary>
public sealed partial class WebhookDispatcher(
    SiteStore sites,
    SiteCatalog catalog,
    WebhookStore store,
    IHttpClientFactory httpClients,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ModerationTelemetry telemetry,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public const string HttpClientName = "webhooks";
    private const int BatchSize = 50;
    private static readonly TimeSpan SiteListRefresh = TimeSpan.FromSeconds(10);

    private readonly WebhookOptions _options = options.Value;
    // Unique per dispatcher: two replicas under one name would each re-deliver the other's unacknowledged events.
    // A dispatcher that stopped leaves its events to the others once they are idle for OrphanAfter.
    private readonly string _consumer = Environment.MachineName + ":" + Environment.ProcessId + ":" + Guid.NewGuid().ToString("N")[..8];
    private readonly ConcurrentDictionary<string, SiteBackoff> _backoff = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ResiliencePipeline<HttpResponseMessage>> _endpoints = new(StringComparer.Ordinal);
    private string[] _siteIds = [];
    private DateTimeOffset _sitesLoadedAt = DateTimeOffset.MinValue;

    private sealed class SiteBackoff
    {
        public int Failures;
        public DateTimeOffset NextAttempt;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // An outage fails every round; the log says so once, not twice a second.
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RoundAsync(stoppingToken).ConfigureAwait(false);
                failing = false;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is TimeoutException || StoreOutage.Is(ex))
            {
                if (!failing)
                {
                    LogRoundFailed(logger, ex.GetType().Name);
                }
                failing = true;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A background service that throws stops the whole host; one bad round must not.
                LogRoundCrashed(logger, ex);
            }
            try
            {
                await Task.Delay(_options.PollInterval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task RoundAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now - _sitesLoadedAt > SiteListRefresh)
        {
            _siteIds = [.. await sites.AllIdsAsync(cancellationToken).ConfigureAwait(false)];
            _sitesLoadedAt = now;
        }
        await Parallel.ForEachAsync(_siteIds, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (siteId, ct) =>
            {
                if (await catalog.GetAsync(siteId, ct).ConfigureAwait(false) is not { } site || site.Site.Settings.WebhookUrl.Length == 0)
                {
                    return;
                }
                var backoff = _backoff.GetOrAdd(siteId, _ => new SiteBackoff());
                if (backoff.NextAttempt > time.GetUtcNow())
                {
                    return;
                }
                await DeliverSiteAsync(site, backoff, ct).ConfigureAwait(false);
            }).ConfigureAwait(false);
    }

    private async Task DeliverSiteAsync(SiteEntry site, SiteBackoff backoff, CancellationToken cancellationToken)
    {
        var siteId = site.Site.SiteId;
        var settings = site.Site.Settings;
        var events = await store.ReadAsync(siteId, _consumer, BatchSize, _options.OrphanAfter, cancellationToken).ConfigureAwait(false);
        foreach (var e in events)
        {
            if (e.Decision.PreviousStatus == 0)
            {
                // The first verdict: the host had it in the SubmitComment answer.
                await store.AcknowledgeAsync(siteId, e).ConfigureAwait(false);
                continue;
            }
            var error = await SendAsync(settings.WebhookUrl, settings.WebhookSecret, siteId, e.Decision, cancellationToken).ConfigureAwait(false);
            var now = time.GetUtcNow();
            if (error is null)
            {
                await store.AcknowledgeAsync(siteId, e).ConfigureAwait(false);
                backoff.Failures = 0;
                Count("delivered");
                continue;
            }
            if (now - e.Decision.Time >= _options.GiveUpAfter)
            {
                await store.DeadLetterAsync(siteId, e, backoff.Failures + 1, error, now).ConfigureAwait(false);
                Count("dead_lettered");
                LogDeadLettered(logger, siteId, e.Decision.Cursor, error);
                continue;
            }
            Count("failed");
            backoff.Failures++;
            var wait = TimeSpan.FromTicks(Math.Min(_options.MaxBackoff.Ticks, _options.Backoff.Ticks * (1L << Math.Min(backoff.Failures - 1, 20))));
            backoff.NextAttempt = now + wait * (0.8 + (Random.Shared.NextDouble() * 0.4));
            LogDeliveryFailed(logger, siteId, e.Decision.Cursor, error, backoff.Failures);
            return;
        }
    }

    private void Count(string outcome) => telemetry.WebhookDeliveries.Add(1, new KeyValuePair<string, object?>("moderation.outcome", outcome));

    /// <summary>Posts one event; returns null on a 2xx answer, otherwise what went wrong.</summary>
    private async Task<string?> SendAsync(string url, string secret, string siteId, DecisionRecord e, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new WebhookBody(
            e.Cursor, siteId, e.CommentId, e.HostCommentId, StatusNames.Of(e.PreviousStatus), StatusNames.Of(e.Status), e.Actor, e.Time.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
            WebhookJson.Default.WebhookBody);
        var pipeline = _endpoints.GetOrAdd(new Uri(url).GetLeftPart(UriPartial.Authority), _ => BuildPipeline());
        var client = httpClients.CreateClient(HttpClientName);
        try
        {
            using var response = await pipeline.ExecuteAsync(async ct =>
            {
                var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                request.Headers.Add(WebhookSigner.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
                request.Headers.Add(WebhookSigner.SignatureHeader, WebhookSigner.Sign(secret, timestamp, body));
                request.Headers.Add(WebhookSigner.EventIdHeader, e.Cursor);
                return await client.SendAsync(request, ct).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? null : "HTTP " + (int)response.StatusCode;
        }
        catch (BrokenCircuitException)
        {
            return "circuit open";
        }
        catch (TimeoutRejectedException)
        {
            return "timeout";
        }
        catch (HttpRequestException ex)
        {
            return ex.HttpRequestError.ToString();
        }
    }

    private ResiliencePipeline<HttpResponseMessage> BuildPipeline()
    {
        var failed = new PredicateBuilder<HttpResponseMessage>()
            .Handle<HttpRequestException>()
            .Handle<TimeoutRejectedException>()
            .HandleResult(r => (int)r.StatusCode >= 500 || r.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);
        return new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = failed,
                MaxRetryAttempts = _options.Retries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.RetryDelay,
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = failed,
                FailureRatio = 0.5,
                MinimumThroughput = 8,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = _options.BreakDuration,
            })
            .AddTimeout(_options.RequestTimeout)
            .Build();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery for site {SiteId}, event {Cursor} failed ({Error}); failure {Failures} in a row, backing off")]
    private static partial void LogDeliveryFailed(ILogger logger, string siteId, string cursor, string error, int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook event {Cursor} of site {SiteId} moved to the dead-letter list after {Error}")]
    private static partial void LogDeadLettered(ILogger logger, string siteId, string cursor, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook round failed unexpectedly; trying again next round")]
    private static partial void LogRoundCrashed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook round failed: {Error}; trying again every round until the store answers")]
    private static partial void LogRoundFailed(ILogger logger, string error);
}
