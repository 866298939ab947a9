namespace Moderation.Evaluation;

/// <summary>
/// A test comment as a reader's form submission. The corpora have only the name and the text; the rest is what
/// an ordinary reader's browser would send, the same for spam and ham, so only the text and name decide. The
/// post is the comment's video or article, as a host site would send it.
/// </summary>
public static class Submissions
{
    public static Moderation.Core.Comments.Submission For(TestCase c, int n, DateTimeOffset now) => new()
    {
        HostCommentId = c.Id,
        PostId = c.PostId,
        Permalink = c.Permalink,
        Content = c.Content,
        AuthorName = c.Author.Length == 0 ? "Anonymous" : c.Author,
        AuthorEmail = Email(n),
        AuthorIp = Ip(n),
        UserAgent = "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0",
        FormRenderedAt = now.AddMinutes(-2),
    };

    public static string Email(int n) => $"reader{n}@example.org";

    public static string Ip(int n) => $"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}";
}
