using Moderation.Contracts.V1;

namespace Moderation.Server.Intake;

/// <summary>
/// The answer to one submission: the assessment as stored, our comment id (empty when nothing was stored), whether
/// it is the answer to an earlier submission of the same comment, and the decision cursor of its first verdict.
/// </summary>
public sealed record IntakeResult(string CommentId, Assessment Assessment, bool Replayed, string Cursor)
{
    /// <summary>Answered while Redis was unreachable: from the stateless rules, the comment spooled (see <see cref="CommentIntake"/>).</summary>
    public bool Degraded { get; init; }

    /// <summary>A comment that is not stored: rejected by validation or by a state check.</summary>
    public static IntakeResult Refused(Assessment assessment) => new("", assessment, false, "");
}
