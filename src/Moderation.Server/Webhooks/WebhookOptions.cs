namespace Moderation.Server.Webhooks;

/// <summary>How webhook deliveries are paced and retried; bound to the <c>Webhooks</c> configuration section.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>How often the dispatcher looks for new decisions.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Quick retries within one attempt, with exponential backoff and jitter from <see cref="RetryDelay"/>.</summary>
    public int Retries { get; set; } = 3;
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long one HTTP request may take.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>After a failed attempt, the site waits this long, doubling per failure up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan Backoff { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>An event still undelivered this long after the decision goes to the dead-letter list.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long the per-endpoint circuit stays open after repeated failures.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Events a crashed replica left unacknowledged this long are taken over.</summary>
    public TimeSpan OrphanAfter { get; set; } = TimeSpan.FromMinutes(5);
}
