namespace Moderation.Core.Email;

/// <summary>
/// Domains of throwaway mailboxes. A domain matches when it is on the list or under a listed domain
/// ("x.mailinator.com" matches "mailinator.com"), unless the allowlist names it or a domain above it.
/// The service ships a list (<c>disposable-domains.txt</c>); operators add to it and allow domains through
/// configuration, without a release.
/// </summary>
public sealed class DisposableDomains
{
    private readonly HashSet<string> _blocked;
    private readonly HashSet<string> _allowed;

    public DisposableDomains(IEnumerable<string> blocked, IEnumerable<string> allowed)
    {
        _blocked = new HashSet<string>(blocked.Select(Clean).Where(d => d.Length > 0), StringComparer.OrdinalIgnoreCase);
        _allowed = new HashSet<string>(allowed.Select(Clean).Where(d => d.Length > 0), StringComparer.OrdinalIgnoreCase);
    }

    public static DisposableDomains Shipped { get; } = new(ReadShipped(), []);

    public int Count => _blocked.Count;

    public IEnumerable<string> Domains => _blocked;

    /// <summary>The listed domain the address's domain falls under, or null.</summary>
    public string? Match(string address)
    {
        var domain = EmailDomain.Of(address);
        if (!System.Text.Ascii.IsValid(domain))
        {
            domain = EmailDomain.ToAscii(domain);
        }
        var blocked = _blocked.GetAlternateLookup<ReadOnlySpan<char>>();
        var allowed = _allowed.GetAlternateLookup<ReadOnlySpan<char>>();
        string? match = null;
        for (; domain.Length > 0; domain = Parent(domain))
        {
            if (allowed.Contains(domain))
            {
                return null;
            }
            if (match is null && blocked.TryGetValue(domain, out var listed))
            {
                match = listed;
            }
        }
        return match;
    }

    /// <summary>Lines of a list file: one domain each; blank lines and <c>#</c> comments are skipped.</summary>
    public static IEnumerable<string> ParseList(string text) =>
        text.Split('\n').Select(l => l.Split('#')[0].Trim()).Where(l => l.Length > 0);

    private static ReadOnlySpan<char> Parent(ReadOnlySpan<char> domain)
    {
        var dot = domain.IndexOf('.');
        // Stop above the last label: "com" alone is never a disposable domain.
        return dot < 0 || domain[(dot + 1)..].IndexOf('.') < 0 ? [] : domain[(dot + 1)..];
    }

    private static string Clean(string domain) => EmailDomain.ToAscii(domain) ?? "";

    private static IEnumerable<string> ReadShipped()
    {
        using var stream = typeof(DisposableDomains).Assembly.GetManifestResourceStream("Moderation.Core.Email.disposable-domains.txt")
            ?? throw new InvalidOperationException("The shipped disposable domain list is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return [.. ParseList(reader.ReadToEnd())];
    }
}
