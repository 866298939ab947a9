using System.Globalization;
using System.Text;

namespace Moderation.Core.Email;

/// <summary>
/// Checks an address against the limits of RFC 5321/5322 as comment forms need them: one <c>@</c>, a dot-atom
/// local part of at most 64 octets (UTF-8 letters allowed, RFC 6531), a domain of LDH labels of at most 63
/// octets after IDNA conversion, at least two labels, and at most 254 octets in all.
/// </summary>
public static class EmailSyntax
{
    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true };

    /// <summary>Null when the address is valid; otherwise a sentence for the commenter.</summary>
    public static string? Problem(string address)
    {
        var at = address.LastIndexOf('@');
        if (at < 0)
        {
            return "Enter an email address with an @, such as name@example.com.";
        }
        var local = address.AsSpan(0, at);
        var domain = address[(at + 1)..];
        if (local.Length == 0)
        {
            return "Enter the part before the @.";
        }
        if (domain.Length == 0)
        {
            return "Enter the domain after the @, such as example.com.";
        }
        if (Encoding.UTF8.GetByteCount(local) > 64)
        {
            return "The part before the @ is longer than 64 characters.";
        }
        if (!IsDotAtom(local))
        {
            return "The part before the @ has characters an email address cannot have.";
        }
        // "name@example.org." names the DNS root too, but no mail form expects it, and mail to it often fails.
        if (domain.EndsWith('.'))
        {
            return "The domain after the @ ends with a dot; remove it.";
        }
        string ascii;
        try
        {
            ascii = Idn.GetAscii(domain);
        }
        catch (ArgumentException)
        {
            return "The domain after the @ is not a valid domain name.";
        }
        if (!IsHostName(ascii))
        {
            return "The domain after the @ is not a valid domain name.";
        }
        if (Encoding.UTF8.GetByteCount(local) + 1 + ascii.Length > 254)
        {
            return "The email address is longer than 254 characters.";
        }
        return null;
    }

    private static bool IsDotAtom(ReadOnlySpan<char> local)
    {
        if (local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }
        foreach (var c in local)
        {
            var ok = char.IsAsciiLetterOrDigit(c) || c == '.' || "!#$%&'*+-/=?^_`{|}~".Contains(c, StringComparison.Ordinal)
                || (c > 127 && (char.IsLetterOrDigit(c) || char.IsSurrogate(c) || char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark));
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsHostName(string host)
    {
        if (host.Length is 0 or > 253)
        {
            return false;
        }
        var labels = host.Split('.');
        if (labels.Length < 2)
        {
            return false;
        }
        foreach (var label in labels)
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }
            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return false;
                }
            }
        }
        var tld = labels[^1];
        return !tld.All(char.IsAsciiDigit);
    }
}
