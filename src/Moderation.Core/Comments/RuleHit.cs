namespace Moderation.Core.Comments;

/// <summary>One rule that fired: its points, a sentence a person understands, and what it saw.</summary>
public readonly record struct RuleHit(string RuleId, double Points, string Description, string Evidence = "");
