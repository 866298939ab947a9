namespace Moderation.Server.Storage;

/// <summary>
/// A labeled example as the trainer reads it; the latest label of a comment wins. <see cref="Source"/> is what an
/// import named (such as a corpus file); empty for the site's own decisions and reports. <see cref="LabeledAt"/> is
/// when the label was recorded.
/// </summary>
public sealed record StoredExample(string CommentId, bool Spam, string Content, string AuthorName, string Source, DateTimeOffset LabeledAt);
