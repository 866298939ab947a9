using System.Globalization;
using System.Net;
using System.Text;
using Moderation.Contracts.V1;
using Moderation.Core.Sites;
using Moderation.Server.Errors;
using Moderation.Server.Intake;
using Moderation.Server.Sites;
using Moderation.Server.Storage;

namespace Moderation.Server.Moderation;

/// <summary>A checked filter: the status to list and the predicates a comment must meet.</summary>
public sealed class CommentMatcher
{
    private readonly string _text;
    private readonly string _name;
    private readonly string _email;
    private readonly IpList? _ips;
    private readonly string _ruleId;

    private CommentMatcher(CommentStatus status, CommentFilter filter, IpList? ips)
    {
        Status = status;
        _text = filter.Text.Trim();
        _name = filter.AuthorName.Trim();
        _email = filter.AuthorEmail.Trim().ToLowerInvariant();
        _ips = ips;
        _ruleId = filter.RuleId.Trim();
    }

    public CommentStatus Status { get; }

    public bool MatchesAll => _text.Length == 0 && _name.Length == 0 && _email.Length == 0 && _ips is null && _ruleId.Length == 0;

    /// <summary>Checks a filter an integrator sent; <paramref name="field"/> prefixes field violations.</summary>
    public static CommentMatcher From(CommentFilter? filter, string field)
    {
        filter ??= new CommentFilter();
        var problems = new List<(string, string)>();
        var status = filter.Status == CommentStatus.Unspecified ? CommentStatus.Pending : filter.Status;
        if (!System.Enum.IsDefined(status))
        {
            problems.Add((field + ".status", "Unknown status."));
        }
        IpList? ips = null;
        if (filter.AuthorIp.Length > 0)
        {
            if (IpList.TryParseEntry(filter.AuthorIp, out _))
            {
                ips = new IpList([filter.AuthorIp]);
            }
            else
            {
                problems.Add((field + ".author_ip", "Give an IP address or a CIDR range."));
            }
        }
        foreach (var (value, name) in new[] { (filter.Text, "text"), (filter.AuthorName, "author_name"), (filter.AuthorEmail, "author_email"), (filter.RuleId, "rule_id") })
        {
            if (value.Length > 500)
            {
                problems.Add(($"{field}.{name}", "At most 500 characters."));
            }
        }
        if (problems.Count > 0)
        {
            throw RpcErrors.InvalidArgument("INVALID_FILTER", "The filter has fields to correct.", problems);
        }
        return new CommentMatcher(status, filter, ips);
    }

    public bool Matches(Comment comment)
    {
        var s = comment.Submission;
        return (_text.Length == 0 || s.Content.Contains(_text, StringComparison.OrdinalIgnoreCase))
            && (_name.Length == 0 || s.AuthorName.Contains(_name, StringComparison.OrdinalIgnoreCase))
            && (_email.Length == 0 || string.Equals(s.AuthorEmail.Trim(), _email, StringComparison.OrdinalIgnoreCase))
            && (_ips is null || (IPAddress.TryParse(s.AuthorIp, out var ip) && _ips.Match(ip) is not null))
            && (_ruleId.Length == 0 || comment.Assessment.RuleHits.Any(h => h.RuleId == _ruleId));
    }
}

/// <summary>
/// Lists comments by walking a status index and filtering the records. A page holds up to the page size, but a
/// narrow search may scan its budget first and return fewer with a token to continue.
/// </summary>
public sealed class CommentQuery(CommentStore comments, ModerationStore store)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;
    private const int ScanBudget = 2_000;
    private const int Chunk = 200;

    public sealed record Page(List<Comment> Comments, string NextPageToken);

    public async Task<Page> ListAsync(SiteEntry site, CommentMatcher matcher, bool newestFirst, int pageSize, string pageToken, CancellationToken cancellationToken)
    {
        var siteId = site.Site.SiteId;
        var status = (int)matcher.Status;
        var after = DecodeToken(pageToken, status, newestFirst);
        var found = new List<Comment>(pageSize);
        var scanned = 0;
        while (scanned < ScanBudget)
        {
            var chunk = await store.PageAsync(siteId, status, newestFirst, after, matcher.MatchesAll ? pageSize - found.Count : Chunk, cancellationToken).ConfigureAwait(false);
            if (chunk.Count == 0)
            {
                return new Page(found, "");
            }
            var records = (await comments.GetManyAsync(siteId, [.. chunk.Select(c => c.CommentId)], cancellationToken).ConfigureAwait(false))
                .ToDictionary(r => r.CommentId, StringComparer.Ordinal);
            var expired = new List<string>();
            foreach (var (commentId, score) in chunk)
            {
                scanned++;
                after = score;
                if (!records.TryGetValue(commentId, out var stored))
                {
                    expired.Add(commentId);
                    continue;
                }
                if (stored.Status != status)
                {
                    continue;
                }
                var comment = CommentGrpcService.ToComment(siteId, stored);
                if (matcher.Matches(comment))
                {
                    found.Add(comment);
                    if (found.Count == pageSize)
                    {
                        break;
                    }
                }
            }
            await store.RemoveFromIndexAsync(siteId, status, expired, cancellationToken).ConfigureAwait(false);
            if (found.Count == pageSize)
            {
                return new Page(found, EncodeToken(status, newestFirst, after!.Value));
            }
        }
        return new Page(found, EncodeToken(status, newestFirst, after!.Value));
    }

    /// <summary>Every comment of the filter, up to <paramref name="limit"/>, oldest first.</summary>
    public async Task<List<Comment>> AllAsync(SiteEntry site, CommentMatcher matcher, int limit, CancellationToken cancellationToken)
    {
        var all = new List<Comment>();
        var token = "";
        do
        {
            var page = await ListAsync(site, matcher, newestFirst: false, MaxPageSize, token, cancellationToken).ConfigureAwait(false);
            all.AddRange(page.Comments);
            token = page.NextPageToken;
        }
        while (token.Length > 0 && all.Count < limit);
        return all.Count > limit ? all[..limit] : all;
    }

    private static string EncodeToken(int status, bool newestFirst, long after) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes(string.Join(':', "v1", status, newestFirst ? "n" : "o", after.ToString(CultureInfo.InvariantCulture))));

    private static long? DecodeToken(string token, int status, bool newestFirst)
    {
        if (token.Length == 0)
        {
            return null;
        }
        try
        {
            var parts = Encoding.ASCII.GetString(Convert.FromBase64String(token)).Split(':');
            if (parts.Length == 4 && parts[0] == "v1"
                && parts[1] == status.ToString(CultureInfo.InvariantCulture)
                && parts[2] == (newestFirst ? "n" : "o")
                && long.TryParse(parts[3], CultureInfo.InvariantCulture, out var after))
            {
                return after;
            }
        }
        catch (FormatException)
        {
        }
        throw RpcErrors.InvalidArgument("INVALID_PAGE_TOKEN", "page_token", "Use the next_page_token of a listing with the same status and order.");
    }
}
