namespace Moderation.DemoSite.Comments;

/// <summary>What became of a reader's comment, in the terms the page shows.</summary>
public abstract record PostOutcome
{
    /// <summary>Kept: published at once, or awaiting moderation (shown to its author alone).</summary>
    public sealed record Kept(string CommentId) : PostOutcome;

    /// <summary>The reader must fix something: messages per form field ("comment", "author", "email", "url", or "" for the form).</summary>
    public sealed record Refused(IReadOnlyList<(string Field, string Message)> Messages) : PostOutcome;

    /// <summary>The moderation service could not be reached; nothing was saved.</summary>
    public sealed record Unavailable : PostOutcome;
}
