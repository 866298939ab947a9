namespace Moderation.Core.Learning;

/// <summary>
/// A comment with its label, as the trainer takes it. <paramref name="Source"/> names where it comes from (a site,
/// or a corpus file imported for the global model), so calibration can hold out one source at a time;
/// <paramref name="Weight"/> is how much it counts, such as less for an old decision.
/// </summary>
public readonly record struct LabeledText(string Content, string AuthorName, bool Spam, string Source = "", float Weight = 1);
