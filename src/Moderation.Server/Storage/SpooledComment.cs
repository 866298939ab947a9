namespace Moderation.Server.Storage;

/// <summary>
/// A submission answered while Redis was unreachable: its site, when it arrived, the comment status its answer
/// announced (so the host learns of a change when it is stored), and the serialised submission.
/// </summary>
public sealed record SpooledComment(string SiteId, DateTimeOffset SubmittedAt, int AnnouncedStatus, byte[] Submission)
{
    /// <summary>What the intake kept of the answer's assessments, opaque to the spool; empty when nothing was kept.</summary>
    public byte[] Answer { get; init; } = [];
}
