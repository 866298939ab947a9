namespace Moderation.Core.Comments;

/// <summary>A comment as the host site submitted it, with what the host knows of the request.</summary>
public sealed class Submission
{
    public string HostCommentId { get; init; } = "";
    public string PostId { get; init; } = "";
    public string Permalink { get; init; } = "";
    public string Content { get; init; } = "";
    public string AuthorName { get; init; } = "";
    public string AuthorEmail { get; init; } = "";
    public string AuthorUrl { get; init; } = "";
    public string AuthorIp { get; init; } = "";
    public string UserAgent { get; init; } = "";
    public string Referrer { get; init; } = "";
    public AuthorRole AuthorRole { get; init; }
    public bool LoggedIn { get; init; }
    public DateTimeOffset? FormRenderedAt { get; init; }
    public string HoneypotField { get; init; } = "";
    public string HoneypotValue { get; init; } = "";
}
