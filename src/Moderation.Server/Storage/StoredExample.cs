namespace Moderation.Server.Storage;

/// <summary>A labeled example as the trainer reads it; the latest label of a comment wins.</summary>
public sealed record StoredExample(string CommentId, bool Spam, string Content, string AuthorName);
