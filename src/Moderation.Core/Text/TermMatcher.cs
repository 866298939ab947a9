namespace Moderation.Core.Text;

/// <summary>
/// Matches a site's word list against normalised text. A term matches whole words (a phrase may span
/// several); a leading or trailing <c>*</c> lets it match inside a longer word, as in <c>*casino*</c>.
/// </summary>
public sealed class TermMatcher
{
    public static TermMatcher Empty { get; } = new([]);

    private readonly Term[] _terms;

    public TermMatcher(IEnumerable<string> terms)
    {
        var compiled = new List<Term>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in terms)
        {
            var trimmed = raw.Trim();
            var inPrefix = trimmed.StartsWith('*');
            var inSuffix = trimmed.EndsWith('*');
            var normalized = TextNormalizer.NormalizeToString(trimmed.Trim('*'));
            if (normalized.Length > 0 && seen.Add(normalized + (inPrefix ? "<" : "") + (inSuffix ? ">" : "")))
            {
                compiled.Add(new Term(trimmed, normalized, inPrefix, inSuffix));
            }
        }
        _terms = [.. compiled];
    }

    public bool IsEmpty => _terms.Length == 0;

    public int Count => _terms.Length;

    /// <summary>The term as the admin wrote it that occurs in <paramref name="normalizedText"/>, or null.</summary>
    public string? FindIn(ReadOnlySpan<char> normalizedText)
    {
        foreach (var term in _terms)
        {
            if (Occurs(normalizedText, term))
            {
                return term.Original;
            }
        }
        return null;
    }

    private static bool Occurs(ReadOnlySpan<char> text, Term term)
    {
        var needle = term.Normalized.AsSpan();
        var offset = 0;
        while (offset <= text.Length - needle.Length)
        {
            var found = text[offset..].IndexOf(needle, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }
            var start = offset + found;
            var end = start + needle.Length;
            var leftOk = term.InsidePrefix || start == 0 || !IsWordChar(text[start - 1]);
            var rightOk = term.InsideSuffix || end == text.Length || !IsWordChar(text[end]);
            if (leftOk && rightOk)
            {
                return true;
            }
            offset = start + 1;
        }
        return false;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c);

    private sealed record Term(string Original, string Normalized, bool InsidePrefix, bool InsideSuffix);
}
