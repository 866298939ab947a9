namespace Moderation.Core.Text;

/// <summary>
/// The address of the post a comment is on, to tell a reader's link to the post itself (a moment of the video, an
/// anchor in the article, its short link) from a link that takes readers elsewhere.
/// </summary>
public sealed class PostAddress
{
    // Shorter path segments and query values ("watch", "p=123", "2026") name pages in general, not this post.
    private const int MinIdentifierLength = 8;

    private readonly string _site;
    private readonly string _path;
    private readonly string[] _query;
    private readonly string[] _identifiers;

    private PostAddress(string site, string path, string[] query, string[] identifiers)
    {
        _site = site;
        _path = path;
        _query = query;
        _identifiers = identifiers;
    }

    /// <summary>The post's address, or null when the permalink is missing or not an http(s) address.</summary>
    public static PostAddress? Parse(string permalink)
    {
        if (permalink.Length == 0 || !Uri.TryCreate(permalink, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return null;
        }
        var query = QueryPairs(uri.Query);
        var identifiers = new List<string>();
        var path = uri.AbsolutePath.TrimEnd('/');
        var lastSegment = path[(path.LastIndexOf('/') + 1)..];
        if (lastSegment.Length >= MinIdentifierLength)
        {
            identifiers.Add(lastSegment);
        }
        foreach (var pair in query)
        {
            var value = pair[(pair.IndexOf('=') + 1)..];
            if (value.Length >= MinIdentifierLength)
            {
                identifiers.Add(value);
            }
        }
        return new(SiteOf(uri.Host).ToString(), path, query, [.. identifiers]);
    }

    /// <summary>
    /// Whether a link leads to this post: the permalink itself with an anchor or more query (a timestamp), or any
    /// address that carries the post's own identifier as a whole path segment or query value (a short link).
    /// </summary>
    public bool IsLinkToPost(ReadOnlySpan<char> address)
    {
        var text = address.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? string.Concat("http://", address) : address.ToString();
        if (!Uri.TryCreate(text, UriKind.Absolute, out var link))
        {
            return false;
        }
        var query = QueryPairs(link.Query);
        if (IsHome(link.Host) && link.AbsolutePath.TrimEnd('/').Equals(_path, StringComparison.OrdinalIgnoreCase)
            && _query.All(pair => query.Contains(pair, StringComparer.Ordinal)))
        {
            return true;
        }
        if (_identifiers.Length == 0)
        {
            return false;
        }
        foreach (var segment in link.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (_identifiers.Contains(segment, StringComparer.Ordinal))
            {
                return true;
            }
        }
        return query.Any(pair => _identifiers.Contains(pair[(pair.IndexOf('=') + 1)..], StringComparer.Ordinal));
    }

    /// <summary>Whether a host belongs to the post's site.</summary>
    public bool IsHome(ReadOnlySpan<char> host) => SiteOf(host).Equals(_site, StringComparison.OrdinalIgnoreCase);

    // The last two labels: good enough to tell "blog.example.com" from "spam.example.net" without a suffix list.
    private static ReadOnlySpan<char> SiteOf(ReadOnlySpan<char> host)
    {
        var last = host.LastIndexOf('.');
        if (last <= 0)
        {
            return host;
        }
        var previous = host[..last].LastIndexOf('.');
        return previous < 0 ? host : host[(previous + 1)..];
    }

    // "amp;" is what an HTML-escaped "&amp;" leaves behind when a link is read from markup.
    private static string[] QueryPairs(string query) =>
        [.. query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.StartsWith("amp;", StringComparison.Ordinal) ? p[4..] : p)];
}
