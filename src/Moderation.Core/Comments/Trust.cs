namespace Moderation.Core.Comments;

/// <summary>Why the site trusts an author regardless of the score.</summary>
public enum Trust
{
    None = 0,
    TrustedList = 1,
    Staff = 2,
}
