using System.Buffers;
using System.Text;

namespace Moderation.Core.Text;

/// <summary>
/// Folds text so that disguised words match their plain form: NFKC (full-width and styled letters),
/// case folding, zero-width characters removed, common look-alike letters and digits folded, and runs
/// of white space collapsed to one space.
/// </summary>
public static class TextNormalizer
{
    /// <summary>Normalises <paramref name="input"/>; the result lives in a pooled buffer the caller returns by disposing.</summary>
    public static NormalizedText Normalize(ReadOnlySpan<char> input)
    {
        char[]? composed = null;
        var source = input;
        if (!Ascii.IsValid(input))
        {
            // Normalisation refuses noncharacters (U+FFFE) and lone surrogates; they stand in as U+FFFD.
            string? cleaned = null;
            if (NeedsCleaning(input))
            {
                cleaned = Cleaned(input);
                input = cleaned;
                source = input;
            }
            if (!input.IsNormalized(NormalizationForm.FormKC))
            {
                composed = ArrayPool<char>.Shared.Rent(input.Length * 3 + 16);
                if (input.TryNormalize(composed, out var written, NormalizationForm.FormKC))
                {
                    source = composed.AsSpan(0, written);
                }
            }
        }

        var buffer = ArrayPool<char>.Shared.Rent(Math.Max(source.Length, 1));
        var length = Fold(source, buffer);
        if (composed is not null)
        {
            ArrayPool<char>.Shared.Return(composed);
        }
        return new NormalizedText(buffer, length);
    }

    /// <summary>NFKC of any text: noncharacters and lone surrogates, which normalisation refuses, become U+FFFD first.</summary>
    public static string ComposeKC(string text) =>
        Ascii.IsValid(text) ? text : (NeedsCleaning(text) ? Cleaned(text) : text).Normalize(NormalizationForm.FormKC);

    private static bool NeedsCleaning(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < '\uD800' || (c > '\uDFFF' && c < '\uFDD0') || (c > '\uFDEF' && c < '\uFFFE'))
            {
                continue;
            }
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var scalar = char.ConvertToUtf32(c, text[i + 1]);
                if ((scalar & 0xFFFE) == 0xFFFE)
                {
                    return true;
                }
                i++;
                continue;
            }
            return true;
        }
        return false;
    }

    private static string Cleaned(ReadOnlySpan<char> text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            var v = rune.Value;
            // EnumerateRunes already turns lone surrogates into U+FFFD.
            builder.Append(v is >= 0xFDD0 and <= 0xFDEF || (v & 0xFFFE) == 0xFFFE ? Rune.ReplacementChar : rune);
        }
        return builder.ToString();
    }

    /// <summary>Normalises to a new string, trimmed.</summary>
    public static string NormalizeToString(string input)
    {
        using var normalized = Normalize(input);
        return normalized.Span.Trim().ToString();
    }

    /// <summary>As <see cref="NormalizeToString"/>, for text already in NFKC: folds without composing again.</summary>
    public static string FoldComposedToString(string composed)
    {
        var buffer = ArrayPool<char>.Shared.Rent(Math.Max(composed.Length, 1));
        var length = Fold(composed, buffer);
        var folded = buffer.AsSpan(0, length).Trim().ToString();
        ArrayPool<char>.Shared.Return(buffer);
        return folded;
    }

    /// <summary>
    /// Lower case, invariant culture. string.ToLowerInvariant hands everything after the first non-ASCII character
    /// to ICU, which cost more than the rest of the pattern rules together.
    /// </summary>
    public static string LowerCase(string text)
    {
        if (Ascii.IsValid(text))
        {
            return text.ToLowerInvariant();
        }
        return string.Create(text.Length, text, static (destination, source) =>
        {
            var i = 0;
            while (i < source.Length)
            {
                // Runs of ASCII go through the vectorised converter; only the other letters reach ICU, one by one.
                var run = source.AsSpan(i).IndexOfAnyExceptInRange('\0', '\u007F');
                run = run < 0 ? source.Length - i : run;
                Ascii.ToLower(source.AsSpan(i, run), destination[i..], out _);
                for (i += run; i < source.Length && !char.IsAscii(source[i]); i++)
                {
                    destination[i] = char.ToLowerInvariant(source[i]);
                }
            }
        });
    }

    private static int Fold(ReadOnlySpan<char> source, Span<char> destination)
    {
        var length = 0;
        var lastWasSpace = false;
        foreach (var c in source)
        {
            // Most text is ASCII: one table read folds case and look-alikes, and marks white space with '\0'.
            var folded = c < 128 ? AsciiFolds[c] : IsInvisible(c) ? '\uFFFF' : char.IsWhiteSpace(c) ? '\0' : FoldLookAlike(char.ToLowerInvariant(c));
            if (folded == '\0')
            {
                if (!lastWasSpace)
                {
                    destination[length++] = ' ';
                    lastWasSpace = true;
                }
                continue;
            }
            if (folded == '\uFFFF')
            {
                continue;
            }
            lastWasSpace = false;
            destination[length++] = folded;
        }
        return length;
    }

    private static readonly char[] AsciiFolds = [.. Enumerable.Range(0, 128).Select(static i =>
        char.IsWhiteSpace((char)i) ? '\0' : FoldLookAlike(char.ToLowerInvariant((char)i)))];

    private static bool IsInvisible(char c) => c switch
    {
        '\u00AD' or '\u034F' or '\u180E' or '\uFEFF' => true,
        >= '\u200B' and <= '\u200F' => true,
        >= '\u2060' and <= '\u2064' => true,
        _ => false,
    };

    // Digits and symbols spammers use for letters, and Cyrillic and Greek letters that look Latin.
    private static char FoldLookAlike(char c) => c switch
    {
        '0' => 'o',
        '1' => 'i',
        '3' => 'e',
        '4' => 'a',
        '5' => 's',
        '7' => 't',
        '$' => 's',
        'а' => 'a',
        'е' => 'e',
        'о' => 'o',
        'р' => 'p',
        'с' => 'c',
        'у' => 'y',
        'х' => 'x',
        'і' => 'i',
        'ј' => 'j',
        'ѕ' => 's',
        'к' => 'k',
        'ο' => 'o',
        'α' => 'a',
        'ι' => 'i',
        'κ' => 'k',
        'ν' => 'v',
        'ρ' => 'p',
        'τ' => 't',
        'υ' => 'u',
        _ => c,
    };
}
