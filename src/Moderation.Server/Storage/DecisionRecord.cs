using StackExchange.Redis;

namespace Moderation.Server.Storage;

/// <summary>One status change of a comment, as the site's decision stream holds it; <see cref="Cursor"/> is where a host resumes.</summary>
public sealed record DecisionRecord(string Cursor, string CommentId, string HostCommentId, int PreviousStatus, int Status, string Actor, DateTimeOffset Time)
{
    /// <summary>Reads a decision stream entry (written by the submit and decide scripts) whose cursor is <paramref name="cursor"/>.</summary>
    public static DecisionRecord FromEntry(StreamEntry entry, string cursor) => new(
        cursor,
        entry["c"]!,
        entry["h"]!,
        (int)entry["from"],
        (int)entry["s"],
        entry["by"]!,
        DateTimeOffset.FromUnixTimeMilliseconds((long)entry["t"]));
}
