namespace Moderation.Core.Comments;

/// <summary>Something the commenter must fix in one field of the form.</summary>
public readonly record struct FieldViolation(string Field, string Code, string Message, string Suggestion = "");
