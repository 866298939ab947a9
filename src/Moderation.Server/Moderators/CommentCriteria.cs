using System.Net;
using Moderation.Contracts.V1;
using Moderation.Core.Sites;

namespace Moderation.Server.Moderators;

/// <summary>Which comments a listing or a bulk decision covers: one status, and predicates a comment must meet.</summary>
public sealed class CommentCriteria
{
    private readonly string _text;
    private readonly string _name;
    private readonly string _email;
    private readonly IpList? _ips;
    private readonly string _ruleId;

    /// <param name="authorIp">An IP address or CIDR range (see <see cref="IpList.TryParseEntry"/>), or empty.</param>
    public CommentCriteria(CommentStatus status, string text = "", string authorName = "", string authorEmail = "", string authorIp = "", string ruleId = "")
    {
        Status = status;
        _text = text.Trim();
        _name = authorName.Trim();
        _email = authorEmail.Trim().ToLowerInvariant();
        _ips = authorIp.Length > 0 ? new IpList([authorIp]) : null;
        _ruleId = ruleId.Trim();
    }

    public CommentStatus Status { get; }

    public bool MatchesAll => _text.Length == 0 && _name.Length == 0 && _email.Length == 0 && _ips is null && _ruleId.Length == 0;

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
