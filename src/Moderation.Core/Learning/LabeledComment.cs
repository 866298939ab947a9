namespace Moderation.Core.Learning;

/// <summary>A labeled comment from a CSV file in the layout of the YouTube spam collection.</summary>
public sealed record LabeledComment(string Id, string Author, string Content, bool Spam);
