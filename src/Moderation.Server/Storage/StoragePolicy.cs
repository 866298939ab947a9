namespace Moderation.Server.Storage;

/// <summary>The retention, flood and rate settings the store enforces.</summary>
public sealed record StoragePolicy(TimeSpan Retention, TimeSpan SpamRetention, TimeSpan FloodInterval, int MaxPerIpPerMinute, int TrustedAfterApproved)
{
    public int CampaignMinRepeats { get; init; }
    public TimeSpan CampaignWindow { get; init; } = TimeSpan.FromHours(24);

    /// <summary>
    /// The flood check already spaces one IP's comments at least <see cref="FloodInterval"/> apart; when that
    /// allows no more than the per-minute limit, the limit can never trip and the script skips its counter.
    /// </summary>
    public bool RateLimitIsReachable => MaxPerIpPerMinute > 0
        && (FloodInterval <= TimeSpan.Zero || MaxPerIpPerMinute * FloodInterval.TotalMilliseconds < 60_000);

    public static readonly TimeSpan DiscardRetention = TimeSpan.FromDays(7);
    public static readonly TimeSpan AuthorRetention = TimeSpan.FromDays(365);
    public static readonly TimeSpan DecisionRetention = TimeSpan.FromDays(30);
    public static readonly TimeSpan StatsRetention = TimeSpan.FromDays(400);
    /// <summary>How long examples are kept when the command does not say; the decider passes the site's retention.</summary>
    public static readonly TimeSpan ExampleRetention = TimeSpan.FromDays(90);
}
