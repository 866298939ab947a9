using Moderation.Core.Text;

namespace Moderation.Core.Rules.Campaigns;

/// <summary>
/// A similarity hash of a comment's text for spotting campaigns: the same message posted again and again, by
/// different names and addresses, with a changed link or a word swapped. It is two minimum hashes over the
/// text's three-word shingles (MinHash): two texts share each with a probability equal to the share J of
/// shingles they have in common, and both with about J². Copies with a word changed (J ≈ 0.9) mostly collide;
/// comments that only quote the same sentence of the article (J ≈ 0.3) rarely do.
/// </summary>
public static class CampaignSignature
{
    public const string RuleId = "content.campaign";

    /// <summary>Enough to hold an otherwise clean copy for a moderator; with any other spam signal it is spam.</summary>
    public const double Points = 5;

    /// <summary>Shorter texts are not judged: "great article, thanks" is written independently by many readers.</summary>
    public const int MinWords = 8;

    private const ulong FnvOffset = 14695981039346656037;
    private const ulong FnvPrime = 1099511628211;
    private const ulong SecondPermutation = 0x9e3779b97f4a7c15;

    /// <summary>The signature of <paramref name="normalizedContent"/> (text as <see cref="TextNormalizer"/> folds it), or null when too short.</summary>
    public static string? Of(string normalizedContent)
    {
        var text = normalizedContent.AsSpan();
        // A rolling window of the last three word hashes.
        ulong first = 0, second = 0;
        var words = 0;
        var minimum = ulong.MaxValue;
        var secondMinimum = ulong.MaxValue;
        foreach (var (start, length) in new WordSpans(text))
        {
            var word = WordHash(text.Slice(start, length));
            words++;
            if (words >= 3)
            {
                var shingle = Mix(Mix(Mix(FnvOffset, first), second), word);
                minimum = Math.Min(minimum, Finish(shingle));
                secondMinimum = Math.Min(secondMinimum, Finish(shingle ^ SecondPermutation));
            }
            (first, second) = (second, word);
        }
        return words < MinWords ? null : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{minimum:x16}{secondMinimum:x16}");
    }

    private static ulong WordHash(ReadOnlySpan<char> word)
    {
        var hash = FnvOffset;
        foreach (var c in word)
        {
            hash = (hash ^ c) * FnvPrime;
        }
        return hash;
    }

    private static ulong Mix(ulong hash, ulong value) => (hash ^ value) * FnvPrime;

    // FNV's low bits mix poorly; a final avalanche makes the minimum a fair draw over all shingles.
    private static ulong Finish(ulong h)
    {
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccd;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53;
        h ^= h >> 33;
        return h;
    }
}
