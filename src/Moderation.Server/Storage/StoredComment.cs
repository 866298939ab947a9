namespace Moderation.Server.Storage;

/// <summary>A comment record as stored: the submission (only ids for a discarded one) and the assessment as serialised messages.</summary>
public sealed record StoredComment(string CommentId, int Status, byte[] Assessment, byte[] Submission, DateTimeOffset ReceivedAt)
{
    /// <summary>The decision stream id of the latest status change; a decision checks it has not moved.</summary>
    public string Cursor { get; init; } = "";

    /// <summary>The entry id in the pending or spam queue; empty when in neither.</summary>
    public string QueueEntryId { get; init; } = "";

    /// <summary>Audit entries as concatenated <c>Comment</c> messages holding only history, which parse as one.</summary>
    public byte[] History { get; init; } = [];
}
