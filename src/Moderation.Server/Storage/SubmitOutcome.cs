namespace Moderation.Server.Storage;

/// <summary>
/// What the store did: which of the caller's assessments applies (Stored) or the one stored before (Replayed)
/// and the decision cursor, or which check refused the comment.
/// </summary>
public readonly record struct SubmitOutcome(SubmitStatus Status, int Variant, byte[]? StoredAssessment, string Cursor);
