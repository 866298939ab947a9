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

/// <summary>What a rule asks for beyond its points. Higher values win.</summary>
public enum RuleAction
{
    None = 0,
    Hold = 1,
    Spam = 2,
    Discard = 3,
}

/// <summary>Why the site trusts an author regardless of the score.</summary>
public enum Trust
{
    None = 0,
    TrustedList = 1,
    Staff = 2,
}
