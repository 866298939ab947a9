using System.CommandLine;
using Moderation.Contracts.V1;

namespace Moderation.Cli;

/// <summary>The filter options of listings and bulk decisions, and the statuses by name.</summary>
public sealed class QueueFilter
{
    public static readonly string[] StatusNames = ["pending", "spam", "approved", "rejected", "discarded"];

    private readonly Option<string> _status = new("--status") { Description = "The status to select; pending when not given." };
    private readonly Option<string> _text = new("--text") { Description = "Text the comment contains." };
    private readonly Option<string> _name = new("--name") { Description = "Part of the author's name." };
    private readonly Option<string> _email = new("--email") { Description = "The author's email address." };
    private readonly Option<string> _ip = new("--ip") { Description = "The author's IP address or CIDR range." };
    private readonly Option<string> _rule = new("--rule") { Description = "A rule id that fired, such as links.count." };

    public QueueFilter() => _status.AcceptOnlyFromAmong(StatusNames);

    public void AddTo(Command command)
    {
        foreach (var option in new[] { _status, _text, _name, _email, _ip, _rule })
        {
            command.Options.Add(option);
        }
    }

    public CommentFilter From(ParseResult parse) => new()
    {
        Status = Status(parse.GetValue(_status)),
        Text = parse.GetValue(_text) ?? "",
        AuthorName = parse.GetValue(_name) ?? "",
        AuthorEmail = parse.GetValue(_email) ?? "",
        AuthorIp = parse.GetValue(_ip) ?? "",
        RuleId = parse.GetValue(_rule) ?? "",
    };

    public static CommentStatus Status(string? name) => name switch
    {
        "pending" => CommentStatus.Pending,
        "spam" => CommentStatus.Spam,
        "approved" => CommentStatus.Approved,
        "rejected" => CommentStatus.Rejected,
        "discarded" => CommentStatus.Discarded,
        _ => CommentStatus.Unspecified,
    };
}
