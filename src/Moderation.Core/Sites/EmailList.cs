namespace Moderation.Core.Sites;

/// <summary>Email addresses and domains; a domain entry also matches its subdomains.</summary>
public sealed class EmailList
{
    public static EmailList Empty { get; } = new([]);

    private readonly HashSet<string> _addresses = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _domains = new(StringComparer.OrdinalIgnoreCase);

    public EmailList(IEnumerable<string> entries)
    {
        foreach (var raw in entries)
        {
            var entry = raw.Trim();
            if (entry.Length == 0)
            {
                continue;
            }
            if (entry.Contains('@', StringComparison.Ordinal) && !entry.StartsWith('@'))
            {
                _addresses.Add(entry);
            }
            else
            {
                _domains.Add(entry.TrimStart('@').TrimEnd('.'));
            }
        }
    }

    public bool IsEmpty => _addresses.Count == 0 && _domains.Count == 0;

    /// <summary>The entry that matches the address, or null.</summary>
    public string? Match(string email)
    {
        if (IsEmpty || email.Length == 0)
        {
            return null;
        }
        if (_addresses.Contains(email))
        {
            return email;
        }
        var at = email.LastIndexOf('@');
        if (at < 0 || _domains.Count == 0)
        {
            return null;
        }
        var domain = email.AsSpan(at + 1).TrimEnd('.');
        var lookup = _domains.GetAlternateLookup<ReadOnlySpan<char>>();
        while (true)
        {
            if (lookup.TryGetValue(domain, out var hit))
            {
                return hit;
            }
            var dot = domain.IndexOf('.');
            if (dot < 0)
            {
                return null;
            }
            domain = domain[(dot + 1)..];
        }
    }
}
