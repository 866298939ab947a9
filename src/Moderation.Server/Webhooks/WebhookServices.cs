namespace Moderation.Server.Webhooks;

public static class WebhookServices
{
    /// <summary>The background delivery of decisions to each site's webhook.</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section)
            .Validate(o => new[] { o.PollInterval, o.RetryDelay, o.RequestTimeout, o.Backoff, o.MaxBackoff, o.GiveUpAfter, o.BreakDuration, o.OrphanAfter }.All(t => t > TimeSpan.Zero),
                "Every Webhooks interval (PollInterval, RetryDelay, RequestTimeout, Backoff, MaxBackoff, GiveUpAfter, BreakDuration, OrphanAfter) must be positive.")
            .Validate(o => o.Retries is >= 0 and <= 10, "Webhooks:Retries must be between 0 and 10.")
            .Validate(o => o.Backoff <= o.MaxBackoff, "Webhooks:Backoff must not exceed Webhooks:MaxBackoff.")
            .ValidateOnStart();
        services.AddHttpClient(WebhookDispatcher.HttpClientName, client => client.DefaultRequestHeaders.UserAgent.ParseAdd("Moderation-Webhooks/1.0"));
        return services.AddHostedService<WebhookDispatcher>();
    }
}
