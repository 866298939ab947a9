using Moderation.Contracts.V1;

namespace Moderation.Cli;

/// <summary>Turns queue and author options into requests.</summary>
public static class QueueArgs
{
    public static CommentFilter Filter(CommandLine cli) => new()
    {
        Status = Status(cli.Get("status")),
        Text = cli.Get("text") ?? "",
        AuthorName = cli.Get("name") ?? "",
        AuthorEmail = cli.Get("email") ?? "",
        AuthorIp = cli.Get("ip") ?? "",
        RuleId = cli.Get("rule") ?? "",
    };

    public static CommentStatus Status(string? name) => name switch
    {
        null or "" => CommentStatus.Unspecified,
        "pending" => CommentStatus.Pending,
        "spam" => CommentStatus.Spam,
        "approved" => CommentStatus.Approved,
        "rejected" => CommentStatus.Rejected,
        "discarded" => CommentStatus.Discarded,
        _ => throw new UsageException($"Unknown status '{name}'."),
    };

    public static ModerationAction Action(string command) => command switch
    {
        "queue approve" => ModerationAction.Approve,
        "queue reject" => ModerationAction.Reject,
        "queue spam" => ModerationAction.Spam,
        "queue not-spam" => ModerationAction.NotSpam,
        _ => throw new UsageException($"Unknown action in '{command}'."),
    };

    public static SetAuthorStatusRequest AuthorStatus(CommandLine cli, string site)
    {
        var request = new SetAuthorStatusRequest
        {
            SiteId = site,
            RemovePending = cli.Has("remove-pending"),
            Status = cli.Arg(0, "status") switch
            {
                "trusted" => Contracts.V1.AuthorStatus.Trusted,
                "blocked" => Contracts.V1.AuthorStatus.Blocked,
                "premoderated" => Contracts.V1.AuthorStatus.Premoderated,
                "none" => Contracts.V1.AuthorStatus.Unspecified,
                var other => throw new UsageException($"Unknown author status '{other}'."),
            },
        };
        if (cli.Get("email") is { } email)
        {
            request.AuthorEmail = email;
        }
        else
        {
            request.AuthorIp = cli.Get("ip") ?? throw new UsageException("Give --email or --ip.");
        }
        return request;
    }
}
