namespace Moderation.Server.Storage;

/// <summary>One status change the decide script applies, with everything it needs to know about the comment.</summary>
public sealed record DecideCommand(
    string SiteId,
    StoredComment Comment,
    string HostCommentId,
    int NewStatus,
    int ExpectedStatus,
    string Actor,
    byte[] HistoryEntry,
    string Label,
    string? EmailHash,
    string IpHash,
    string? UrlHostHash,
    string StatsField,
    TimeSpan Retention,
    DateTimeOffset Now,
    bool IgnoreClaims = false)
{
    /// <summary>How long the site keeps labeled examples: its retention for comments.</summary>
    public TimeSpan ExampleRetention { get; init; } = StoragePolicy.ExampleRetention;
}
