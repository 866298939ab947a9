using Moderation.Core.Comments;

namespace Moderation.Core.Rules.Content;

/// <summary>Turns a pattern's matches in a text into one scored hit.</summary>
internal static class PatternHits
{
    /// <summary>One hit for all matches: base points, more per distinct further phrase, capped; evidence lists the phrases.</summary>
    public static void Add(Assessment assessment, PhrasePattern pattern, string text, string id, double basePoints, double perExtra, double maxPoints, string description)
    {
        List<string>? phrases = null;
        for (var (index, length) = pattern.NextMatch(text, 0); index >= 0; (index, length) = pattern.NextMatch(text, index + length))
        {
            var phrase = text.Substring(index, length);
            phrases ??= new(2);
            if (!phrases.Contains(phrase) && phrases.Count < 5)
            {
                phrases.Add(phrase);
            }
        }
        if (phrases is null)
        {
            return;
        }
        var points = Math.Min(maxPoints, basePoints + (perExtra * (phrases.Count - 1)));
        assessment.Add(new(id, points, description, string.Join(", ", phrases)));
    }
}
