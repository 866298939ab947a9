using System.Buffers;
using Moderation.Core.Text;

namespace Moderation.Core.Learning;

/// <summary>
/// Turns a comment into hashed features for the classifier: words and word pairs of the normalised text
/// (so full-width, styled and look-alike spellings count as the plain word), character 3- to 5-grams
/// (which catch "subscribe", "subscr1be" and "sub-scribe" alike), words of the author name, and a few
/// structural signals: links, length, capitals, digits, repeated characters and exclamation marks.
/// </summary>
public static class FeatureHasher
{
    public const int Bits = 18;
    public const int Dimension = 1 << Bits;
    private const int Mask = Dimension - 1;
    private const uint FnvOffset = 2166136261;
    private const uint FnvPrime = 16777619;

    /// <summary>Extracts the features of one comment into a pooled buffer the caller disposes.</summary>
    public static Features Extract(string content, string authorName)
    {
        var prepared = Prepare(content);
        return Extract(prepared, TextNormalizer.NormalizeToString(prepared), authorName);
    }

    /// <summary>
    /// As <see cref="Extract(string, string)"/>, for content already <see cref="Prepare"/>d and that text normalised
    /// (<see cref="TextNormalizer.NormalizeToString"/>), as the rules pipeline has them.
    /// </summary>
    public static Features Extract(string prepared, string normalized, string authorName)
    {
        var count = 0;
        var text = normalized.AsSpan();
        // Every position starts up to three character grams, a word and a word pair.
        var buffer = ArrayPool<int>.Shared.Rent((text.Length * 5) + (authorName.Length * 3) + 64);
        count = AddWords(text, 'w', buffer, count, pairs: true);
        var wordsEnd = count;
        count = AddCharacterGrams(text, buffer, count);
        var gramsEnd = count;
        using (var name = TextNormalizer.Normalize(authorName))
        {
            count = AddWords(name.Span, 'a', buffer, count, pairs: false);
        }
        count = AddStructure(prepared, buffer, count);
        return new Features(buffer, count, wordsEnd, gramsEnd);
    }

    /// <summary>
    /// What the model reads: HTML entities decoded and tags dropped (keeping link targets as text), and runs of
    /// one character cut to two, so "wowwwww" and "wowww" are one word and "!!!!!!!!" costs no more than "!!".
    /// </summary>
    public static string Prepare(string content)
    {
        if (!NeedsPreparing(content))
        {
            return content;
        }
        if (content.Contains('&', StringComparison.Ordinal))
        {
            content = System.Net.WebUtility.HtmlDecode(content);
        }
        // Nothing below writes more than it reads, so the output fits in the input's length.
        var buffer = ArrayPool<char>.Shared.Rent(content.Length);
        var length = 0;
        var inTag = false;
        for (var i = 0; i < content.Length; i++)
        {
            var c = content[i];
            if (c == '<' && i + 1 < content.Length && (char.IsAsciiLetter(content[i + 1]) || content[i + 1] == '/'))
            {
                inTag = true;
                buffer[length++] = ' ';
                continue;
            }
            if (inTag)
            {
                if (c == '>')
                {
                    inTag = false;
                    buffer[length++] = ' ';
                }
                else if (c == '"')
                {
                    // Keep attribute values, such as a link's href, and drop the markup around them.
                    var end = content.IndexOf('"', i + 1);
                    if (end > i)
                    {
                        buffer[length++] = ' ';
                        content.AsSpan(i + 1, end - i - 1).CopyTo(buffer.AsSpan(length));
                        length += end - i - 1;
                        buffer[length++] = ' ';
                        i = end;
                    }
                }
                continue;
            }
            if (length >= 2 && buffer[length - 1] == c && buffer[length - 2] == c)
            {
                continue;
            }
            buffer[length++] = c;
        }
        var prepared = new string(buffer, 0, length);
        ArrayPool<char>.Shared.Return(buffer);
        return prepared;
    }

    // Most comments have no markup, entities or runs of three: they are used as they are, without a copy.
    private static bool NeedsPreparing(string content)
    {
        if (content.AsSpan().IndexOfAny('<', '&') >= 0)
        {
            return true;
        }
        for (var i = 2; i < content.Length; i++)
        {
            if (content[i] == content[i - 1] && content[i] == content[i - 2])
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The hashed index of a word feature, to name the words behind the strongest weights.</summary>
    public static int WordIndex(ReadOnlySpan<char> word) => (int)(Hash(Seed('w'), word) & Mask);

    private static int AddWords(ReadOnlySpan<char> text, char kind, int[] buffer, int count, bool pairs)
    {
        var seed = Seed(kind);
        var pairSeed = Seed('p');
        uint previous = 0;
        var havePrevious = false;
        foreach (var (start, length) in new WordSpans(text))
        {
            var hash = Hash(seed, text.Slice(start, length));
            buffer[count++] = (int)(hash & Mask);
            if (pairs && havePrevious)
            {
                buffer[count++] = (int)(Mix(Mix(pairSeed, previous), hash) & Mask);
            }
            previous = hash;
            havePrevious = true;
        }
        return count;
    }

    private static int AddCharacterGrams(ReadOnlySpan<char> text, int[] buffer, int count)
    {
        for (var n = 3; n <= 5; n++)
        {
            var seed = Seed((char)('0' + n));
            for (var i = 0; i + n <= text.Length; i++)
            {
                buffer[count++] = (int)(Hash(seed, text.Slice(i, n)) & Mask);
            }
        }
        return count;
    }

    private static int AddStructure(string content, int[] buffer, int count)
    {
        var links = LinkScanner.Count(content);
        int upper = 0, letters = 0, digits = 0, exclamations = 0, longestRun = 0, run = 0;
        var last = '\0';
        foreach (var c in content)
        {
            if (char.IsLetter(c))
            {
                letters++;
                upper += char.IsUpper(c) ? 1 : 0;
            }
            digits += char.IsDigit(c) ? 1 : 0;
            exclamations += c == '!' ? 1 : 0;
            run = c == last ? run + 1 : 1;
            longestRun = Math.Max(longestRun, run);
            last = c;
        }
        buffer[count++] = Structural("links", Math.Min(links, 3));
        buffer[count++] = Structural("length", Math.Min(31 - int.LeadingZeroCount(content.Length + 1), 12));
        buffer[count++] = Structural("upper", letters == 0 ? 0 : 1 + (4 * upper / letters));
        buffer[count++] = Structural("digits", Math.Min(digits / 4, 4));
        buffer[count++] = Structural("exclaim", Math.Min(exclamations, 4));
        buffer[count++] = Structural("repeat", Math.Min(longestRun, 5));
        return count;
    }

    private static int Structural(string name, int bucket) => (int)(Mix(Hash(Seed('s'), name), (uint)bucket) & Mask);

    private static uint Seed(char kind) => Mix(FnvOffset, kind);

    private static uint Hash(uint seed, ReadOnlySpan<char> text)
    {
        var hash = seed;
        foreach (var c in text)
        {
            hash = (hash ^ c) * FnvPrime;
        }
        return Finish(hash);
    }

    private static uint Mix(uint hash, uint value) => Finish((hash ^ value) * FnvPrime);

    // FNV alone spreads short keys poorly over the low bits the mask keeps; a final avalanche fixes that.
    private static uint Finish(uint h)
    {
        h ^= h >> 16;
        h *= 0x7feb352d;
        h ^= h >> 15;
        h *= 0x846ca68b;
        h ^= h >> 16;
        return h;
    }
}
