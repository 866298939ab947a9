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

    /// <summary>The corrected address, or null when there is no confident suggestion.</summary>
    public static string? Suggest(string address)
    {
        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1)
        {
            return null;
        }
        var local = address[..at];
        var domain = address[(at + 1)..].Trim().TrimEnd('.').ToLowerInvariant();
        if (Array.IndexOf(Providers, domain) >= 0)
        {
            return null;
        }
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var provider in Providers)
        {
            // A domain without its ending ("gmail", "gmial") is compared with the provider's name alone.
            var distance = domain.Contains('.', StringComparison.Ordinal)
                ? (provider.Replace(".", "", StringComparison.Ordinal) == domain.Replace(".", "", StringComparison.Ordinal) ? 0 : Distance(domain, provider))
                : Math.Min(provider.Replace(".", "", StringComparison.Ordinal) == domain ? 0 : int.MaxValue, Distance(domain, provider[..provider.IndexOf('.', StringComparison.Ordinal)]));
            if (distance < bestDistance)
            {
                (best, bestDistance) = (provider, distance);
            }
        }
        // One slip in a short domain, two in a longer one: beyond that the address is probably meant as typed.
        var allowed = domain.Length < 8 ? 1 : 2;
        return best is not null && bestDistance <= allowed ? local + "@" + best : null;
    }

    // Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }
        return d[a.Length, b.Length];
    }
}
