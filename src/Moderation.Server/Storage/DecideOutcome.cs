namespace Moderation.Server.Storage;

/// <summary>What the decide script did: the new cursor and the previous status, or why it did nothing (with the current status or the claim's owner).</summary>
public readonly record struct DecideOutcome(DecideStatus Status, string Cursor, int PreviousStatus, string Detail);
