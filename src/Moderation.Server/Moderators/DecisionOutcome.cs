using Moderation.Contracts.V1;
using Moderation.Server.Problems;

namespace Moderation.Server.Moderators;

/// <summary>A decision's result with the comment as it is now (when it exists) and, for conflicts, what won.</summary>
public sealed record DecisionOutcome(DecisionResult Result, Comment? Comment, CommentStatus CurrentStatus, string ClaimedBy)
{
    public bool Applied => Result is DecisionResult.Decided or DecisionResult.Unchanged;

    /// <summary>The problem a decision that did not apply reports to a caller who decided one comment.</summary>
    public ProblemException ToProblem() => Result switch
    {
        DecisionResult.NotFound => Problem.NotFound("COMMENT_NOT_FOUND", "No comment with that id on this site."),
        DecisionResult.NotKept => Problem.FailedPrecondition("COMMENT_DISCARDED", "The comment was discarded as blatant spam; only a summary was kept, so it cannot be decided."),
        DecisionResult.StatusConflict => Problem.Aborted("STATUS_CHANGED", $"Someone else decided first: the comment is now {StatusNames.Of((int)CurrentStatus)}.",
            new Dictionary<string, string> { ["current_status"] = CurrentStatus.ToString() }),
        DecisionResult.ClaimedByOther => Problem.Aborted("CLAIMED_BY_OTHER", "Another moderator holds this comment's lease.",
            new Dictionary<string, string> { ["claimed_by"] = ClaimedBy }),
        _ => throw new InvalidOperationException("Not an error: " + Result),
    };
}
