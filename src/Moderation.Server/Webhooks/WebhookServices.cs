namespace Moderation.Server.Webhooks;

public static class WebhookServices
{
    /// <summary>The background delivery of decisions to each site's webhook.</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section)
            .Validate(o => o.Problem() is null, "Webhooks settings are not valid: every interval must be positive and Retries between 0 and 10.")
            .ValidateOnStart();
        services.AddHttpClient(WebhookDispatcher.HttpClientName, client => client.DefaultRequestHeaders.UserAgent.ParseAdd("Moderation-Webhooks/1.0"));
        return services.AddHostedService<WebhookDispatcher>();
    }
}
