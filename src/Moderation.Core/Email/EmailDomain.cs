using System.Globalization;

namespace Moderation.Core.Email;

/// <summary>The domain of an email address as DNS and domain lists know it: IDNA ASCII, lower case, no trailing dot.</summary>
public static class EmailDomain
{
    private static readonly IdnMapping Idn = new();

    /// <summary>The text after the last <c>@</c>, trimmed and without a trailing dot; empty when there is no <c>@</c>.</summary>
    public static ReadOnlySpan<char> Of(string email)
    {
        var at = email.LastIndexOf('@');
        return at < 0 ? [] : email.AsSpan(at + 1).Trim().TrimEnd('.');
    }

    /// <summary>The domain in ASCII lower case (punycode for an internationalised one), or null when IDNA rejects it.</summary>
    public static string? ToAscii(ReadOnlySpan<char> domain)
    {
        domain = domain.Trim().TrimEnd('.');
        if (System.Text.Ascii.IsValid(domain))
        {
            return domain.ToString().ToLowerInvariant();
        }
        try
        {
            return Idn.GetAscii(domain.ToString()).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
