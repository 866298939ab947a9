namespace Moderation.Server.Storage;

/// <summary>One live queue event: "entered", "claimed", "released", "decided" or "erased", the comment, its status after the event, when and who.</summary>
public sealed record QueueEvent(string Event, string CommentId, int Status, DateTimeOffset Time, string Actor);
