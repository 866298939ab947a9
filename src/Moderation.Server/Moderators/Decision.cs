namespace Moderation.Server.Moderators;

/// <summary>What a moderator (or the host, reporting) decides about a comment; the numbers are the contract's <c>ModerationAction</c>.</summary>
public enum Decision
{
    Approve = 1,
    Reject = 2,
    Spam = 3,
    NotSpam = 4,
}
