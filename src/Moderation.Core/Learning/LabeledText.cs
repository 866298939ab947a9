namespace Moderation.Core.Learning;

/// <summary>A comment with its label, as the trainer takes it.</summary>
public readonly record struct LabeledText(string Content, string AuthorName, bool Spam);
