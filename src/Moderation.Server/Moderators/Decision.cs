namespace Moderation.Server.Moderators;

/// <summary>What a moderator (or the host, reporting) decides about a comment; the numbers are the contract's <c>ModerationAction</c>.</summary>
public enum Decision
{
    Approve = 1,
    Reject = 2,
    Spam = 3,
    NotSpam = 4,

    /// <summary>Back to the moderation queue (an undo); the filter forgets the label the decision gave.</summary>
    Requeue = 5,
}
