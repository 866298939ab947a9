using System.Collections.Concurrent;

namespace Moderation.Core.Email;

/// <summary>
/// Suggests the address a commenter probably meant when the domain is a common provider typed short or
/// slightly wrong ("name@gmail" or "name@gmial.com" → "name@gmail.com").
/// </summary>
public static class EmailSuggestions
{
    private static readonly string[] Providers =
    [
        "gmail.com", "googlemail.com", "yahoo.com", "hotmail.com", "outlook.com", "live.com", "msn.com", "icloud.com",
        "me.com", "aol.com", "gmx.de", "gmx.net", "web.de", "proton.me", "protonmail.com", "yandex.ru", "mail.ru",
        "yahoo.co.uk", "hotmail.co.uk", "comcast.net", "orange.fr", "free.fr", "libero.it", "t-online.de",
    ];

    private static readonly string[] ProvidersWithoutDots = [.. Providers.Select(p => p.Replace(".", "", StringComparison.Ordinal))];
    private static readonly string[] ProviderNames = [.. Providers.Select(p => p[..p.IndexOf('.', StringComparison.Ordinal)])];

    // Commenters' domains repeat, and comparing one with every provider is the costly part: the answer per
    // domain is remembered, up to a bound after which the memory starts over.
    private const int MaxRememberedDomains = 10_000;
    private static readonly ConcurrentDictionary<string, string> RememberedDomains = new(StringComparer.Ordinal);
    private static int _rememberedCount;

    /// <summary>The corrected address, or null when there is no confident suggestion.</summary>
    public static string? Suggest(string address)
    {
        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1)
        {
            return null;
        }
        var domain = address[(at + 1)..].Trim().TrimEnd('.').ToLowerInvariant();
        if (Array.IndexOf(Providers, domain) >= 0)
        {
            return null;
        }
        if (!RememberedDomains.TryGetValue(domain, out var suggested))
        {
            suggested = SuggestDomain(domain) ?? "";
            if (Interlocked.Increment(ref _rememberedCount) > MaxRememberedDomains)
            {
                RememberedDomains.Clear();
                Interlocked.Exchange(ref _rememberedCount, 0);
            }
            RememberedDomains[domain] = suggested;
        }
        return suggested.Length == 0 ? null : string.Concat(address.AsSpan(0, at + 1), suggested);
    }

    private static string? SuggestDomain(string domain)
    {
        // One slip in a short domain, two in a longer one: beyond that the address is probably meant as typed.
        var allowed = domain.Length < 8 ? 1 : 2;
        string? best = null;
        var bestDistance = int.MaxValue;
        var hasDot = domain.Contains('.', StringComparison.Ordinal);
        var withoutDots = hasDot ? domain.Replace(".", "", StringComparison.Ordinal) : domain;
        for (var i = 0; i < Providers.Length; i++)
        {
            // A domain without its ending ("gmail", "gmial") is compared with the provider's name alone.
            var distance = ProvidersWithoutDots[i] == withoutDots ? 0 : Distance(domain, hasDot ? Providers[i] : ProviderNames[i], allowed);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (Providers[i], distance);
            }
        }
        return best is not null && bestDistance <= allowed ? best : null;
    }

    // Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. Three rows
    // on the stack; pairs whose lengths differ by more than the allowed distance are not compared at all, and a
    // comparison stops once a whole row is beyond it (most addresses are far from every provider).
    private static int Distance(string a, string b, int allowed)
    {
        if (Math.Abs(a.Length - b.Length) > allowed || a.Length > 64 || b.Length > 64)
        {
            return int.MaxValue;
        }
        Span<int> twoBack = stackalloc int[b.Length + 1];
        Span<int> previous = stackalloc int[b.Length + 1];
        Span<int> current = stackalloc int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMinimum = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    current[j] = Math.Min(current[j], twoBack[j - 2] + 1);
                }
                rowMinimum = Math.Min(rowMinimum, current[j]);
            }
            // Later rows only grow from here (a swap reads two rows back, but that row was at least the limit).
            if (rowMinimum > allowed)
            {
                return int.MaxValue;
            }
            var spare = twoBack;
            twoBack = previous;
            previous = current;
            current = spare;
        }
        return previous[b.Length];
    }
}
