namespace Moderation.Server.Storage;

/// <summary>What the intake asks the store to record for one submission.</summary>
public sealed record SubmitCommand(
    string SiteId,
    string CommentId,
    string HostCommentId,
    string Fingerprint,
    string IpHash,
    string? EmailHash,
    byte[] AssessmentHead,
    VerdictsByAuthor Verdicts,
    byte[] Submission,
    byte[] SubmissionSummary,
    bool DryRun,
    StoragePolicy Policy,
    DateTimeOffset Now)
{
    /// <summary>For a text long enough to be a campaign: its signature and what applies when enough copies are counted.</summary>
    public CampaignVariant? Campaign { get; init; }

    /// <summary>The status the host was told while Redis was unreachable; 0 for a submission answered now.</summary>
    public int AnnouncedStatus { get; init; }
}
