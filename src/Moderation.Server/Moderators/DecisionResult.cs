namespace Moderation.Server.Moderators;

/// <summary>How one decision ended.</summary>
public enum DecisionResult
{
    Decided,
    Unchanged,
    StatusConflict,
    ClaimedByOther,
    NotFound,
    NotKept,
}
