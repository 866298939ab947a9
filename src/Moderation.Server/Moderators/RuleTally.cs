namespace Moderation.Server.Moderators;

/// <summary>How the decided comments a rule fired on were decided; see the contract's <c>RuleReport</c>.</summary>
public sealed record RuleTally(string RuleId, long Decided, long BlockedThenApproved, long HeldThenApproved, long ApprovedThenSpam, long Confirmed);
