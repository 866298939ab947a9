namespace Moderation.Server.Storage;

/// <summary>A queue entry handed to a moderator.</summary>
public readonly record struct QueueEntry(string EntryId, string CommentId);
