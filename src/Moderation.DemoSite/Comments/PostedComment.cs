namespace Moderation.DemoSite.Comments;

/// <summary>
/// A comment as the news site keeps it. <see cref="Published"/> ones are shown to everyone; the others only to the
/// browser that wrote them (<see cref="ReaderToken"/>), as WordPress shows "awaiting moderation" to the author alone.
/// </summary>
public sealed record PostedComment(
    string CommentId,
    string PostId,
    string AuthorName,
    string AuthorUrl,
    string Content,
    DateTimeOffset PostedAt,
    bool Published,
    string ReaderToken);
