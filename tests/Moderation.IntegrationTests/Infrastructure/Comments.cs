using Google.Protobuf.WellKnownTypes;
using Moderation.Contracts.V1;

namespace Moderation.IntegrationTests.Infrastructure;

/// <summary>Hand-written comments as a WordPress "Leave a Reply" form would send them.</summary>
public static class Comments
{
    private static int _ip;

    /// <summary>A plain comment from a new reader, with a unique id, post and IP so flood and duplicate checks stay out of the way.</summary>
    public static CommentSubmission Clean(string? content = null) => new()
    {
        HostCommentId = Guid.NewGuid().ToString(),
        PostId = "post-" + Guid.NewGuid().ToString("N")[..8],
        Permalink = "https://blog.example/2026/11/a-post",
        Type = CommentType.Comment,
        Content = content ?? "Thanks for the write-up. The section on retention policies answered a question I had for weeks.",
        AuthorName = "Ada Reader",
        AuthorEmail = $"ada.{Guid.NewGuid():N}@example.org",
        AuthorIp = NextIp(),
        UserAgent = "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0",
        Referrer = "https://blog.example/2026/11/a-post",
        FormRenderedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-2)),
    };

    public static string NextIp()
    {
        var n = Interlocked.Increment(ref _ip);
        return $"198.51.{(n >> 8) & 255}.{n & 255}";
    }
}
