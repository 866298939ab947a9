namespace Moderation.Server.Storage;

/// <summary>Counts behind the queue statistics.</summary>
public sealed record QueueCounts(IReadOnlyDictionary<int, long> PerStatus, DateTimeOffset? OldestPending, long Claimed, long DeadWebhooks, IReadOnlyList<(DateOnly Day, IReadOnlyDictionary<string, long> Counts)> Daily);
