namespace Moderation.Core.Comments;

/// <summary>What the host should do with a comment; numbers match the wire contract and stored statuses.</summary>
public enum Verdict
{
    Approved = 1,
    Pending = 2,
    Spam = 3,
    Discard = 4,
    Rejected = 5,
}
