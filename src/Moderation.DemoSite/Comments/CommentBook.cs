namespace Moderation.DemoSite.Comments;

/// <summary>
/// The site's own copy of its comments, in memory: what it was told when it submitted them and what the decision
/// stream said since. After a restart the stream, replayed from its start, rebuilds the published ones.
/// </summary>
public sealed class CommentBook
{
    /// <summary>Comments awaiting moderation beyond this many are forgotten oldest first; the service still has them.</summary>
    private const int MaxAwaiting = 10_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, PostedComment> _comments = new(StringComparer.Ordinal);

    private long _version;

    /// <summary>Raised with the post id after any change to a post's comments.</summary>
    public event Action<string>? Changed;

    /// <summary>Goes up with every change, so a page can tell whether what it shows is current.</summary>
    public long Version => Interlocked.Read(ref _version);

    private void OnChanged(string postId)
    {
        Interlocked.Increment(ref _version);
        Changed?.Invoke(postId);
    }

    public bool Knows(string commentId)
    {
        lock (_gate)
        {
            return _comments.ContainsKey(commentId);
        }
    }

    public bool IsPublished(string commentId)
    {
        lock (_gate)
        {
            return _comments.TryGetValue(commentId, out var known) && known.Published;
        }
    }

    /// <summary>Keeps a comment, published or awaiting moderation; a known comment keeps the reader who wrote it.</summary>
    public void Keep(PostedComment comment)
    {
        lock (_gate)
        {
            if (_comments.TryGetValue(comment.CommentId, out var known) && comment.ReaderToken.Length == 0)
            {
                comment = comment with { ReaderToken = known.ReaderToken };
            }
            _comments[comment.CommentId] = comment;
            if (!comment.Published && _comments.Count > MaxAwaiting)
            {
                ForgetOldestAwaiting();
            }
        }
        OnChanged(comment.PostId);
    }

    /// <summary>Holds a published comment back for its author alone (a moderator sent it back to the queue).</summary>
    public void Unpublish(string commentId)
    {
        PostedComment? changed;
        lock (_gate)
        {
            if (!_comments.TryGetValue(commentId, out var known) || !known.Published)
            {
                return;
            }
            changed = known with { Published = false };
            _comments[commentId] = changed;
        }
        OnChanged(changed.PostId);
    }

    /// <summary>Drops a comment the moderators rejected, marked spam or erased.</summary>
    public void Remove(string commentId)
    {
        PostedComment? removed;
        lock (_gate)
        {
            if (!_comments.Remove(commentId, out removed))
            {
                return;
            }
        }
        OnChanged(removed.PostId);
    }

    /// <summary>A post's comments as one reader sees them, oldest first.</summary>
    public IReadOnlyList<PostedComment> VisibleTo(string postId, string readerToken)
    {
        lock (_gate)
        {
            return [.. _comments.Values
                .Where(c => c.PostId == postId && (c.Published || (readerToken.Length > 0 && c.ReaderToken == readerToken)))
                .OrderBy(c => c.PostedAt)
                .ThenBy(c => c.CommentId, StringComparer.Ordinal)];
        }
    }

    private void ForgetOldestAwaiting()
    {
        var awaiting = _comments.Values.Where(c => !c.Published).ToList();
        foreach (var old in awaiting.OrderBy(c => c.PostedAt).Take(awaiting.Count - MaxAwaiting))
        {
            _comments.Remove(old.CommentId);
        }
    }
}
