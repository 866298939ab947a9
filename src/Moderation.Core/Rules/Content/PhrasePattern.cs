using System.Buffers;
using System.Text.RegularExpressions;

namespace Moderation.Core.Rules.Content;

/// <summary>
/// A regex of alternative phrases anchored with \G, and the leads: strings every phrase begins with. A vectorised
/// search for the leads finds the only places a phrase can start, and the regex is tried at those alone; unanchored,
/// it would try every word that begins with one of the phrases' first letters. A lead of one character goes in
/// <paramref name="leadCharacters"/>: among the strings it would slow the search for all of them several times over.
/// </summary>
internal sealed class PhrasePattern(Regex anchored, string[] leads, string leadCharacters = "")
{
    private readonly SearchValues<string> _leads = SearchValues.Create(leads, StringComparison.Ordinal);
    private readonly SearchValues<char> _leadCharacters = SearchValues.Create(leadCharacters);

    public Regex Anchored { get; } = anchored;

    /// <summary>The first match at or after <paramref name="from"/>, as an unanchored scan would find it; (-1, 0) when none.</summary>
    public (int Index, int Length) NextMatch(string text, int from)
    {
        int nextLead = -1, nextCharacter = -1;
        while (from < text.Length)
        {
            if (nextLead < from)
            {
                nextLead = Found(text.AsSpan(from).IndexOfAny(_leads), from);
            }
            if (nextCharacter < from)
            {
                nextCharacter = Found(text.AsSpan(from).IndexOfAny(_leadCharacters), from);
            }
            from = Math.Min(nextLead, nextCharacter);
            if (from == int.MaxValue)
            {
                break;
            }
            foreach (var match in Anchored.EnumerateMatches(text, from))
            {
                return (match.Index, match.Length);
            }
            from++;
        }
        return (-1, 0);
    }

    private static int Found(int offset, int from) => offset < 0 ? int.MaxValue : from + offset;
}
