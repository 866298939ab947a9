namespace Moderation.Core.Comments;

/// <summary>What a rule asks for beyond its points. Higher values win.</summary>
public enum RuleAction
{
    None = 0,
    Hold = 1,
    Spam = 2,
    Discard = 3,
}
