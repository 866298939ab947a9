namespace Moderation.Server.Storage;

/// <summary>A webhook delivery given up for good: the event's cursor and comment, how many attempts were made, the last error and when.</summary>
public sealed record DeadLetter(string Cursor, string CommentId, int Attempts, string LastError, DateTimeOffset DeadAt);
