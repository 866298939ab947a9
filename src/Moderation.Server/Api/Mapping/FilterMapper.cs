using Moderation.Contracts.V1;
using Moderation.Core.Sites;
using Moderation.Server.Moderators;
using Moderation.Server.Problems;

namespace Moderation.Server.Api.Mapping;

/// <summary>Checks a filter an integrator sent and turns it into the criteria a listing or bulk decision uses.</summary>
public static class FilterMapper
{
    public const int MaxFieldLength = 500;

    /// <param name="field">The request field holding the filter; it prefixes field violations.</param>
    public static CommentCriteria ToCriteria(CommentFilter? filter, string field)
    {
        filter ??= new CommentFilter();
        var problems = new List<(string, string)>();
        var status = filter.Status == CommentStatus.Unspecified ? CommentStatus.Pending : filter.Status;
        if (!Enum.IsDefined(status))
        {
            problems.Add((field + ".status", "Unknown status."));
        }
        if (filter.AuthorIp.Length > 0 && !IpList.TryParseEntry(filter.AuthorIp, out _))
        {
            problems.Add((field + ".author_ip", "Give an IP address or a CIDR range."));
        }
        foreach (var (value, name) in new[] { (filter.Text, "text"), (filter.AuthorName, "author_name"), (filter.AuthorEmail, "author_email"), (filter.RuleId, "rule_id") })
        {
            if (value.Length > MaxFieldLength)
            {
                problems.Add(($"{field}.{name}", $"At most {MaxFieldLength} characters."));
            }
        }
        if (problems.Count > 0)
        {
            throw Problem.InvalidArgument("INVALID_FILTER", "The filter has fields to correct.", problems);
        }
        return new CommentCriteria(status, filter.Text, filter.AuthorName, filter.AuthorEmail, filter.AuthorIp, filter.RuleId);
    }
}
