namespace Moderation.Server.Moderators;

/// <summary>
/// A site's queues at a glance: comments per status name, the age of the oldest pending one, claims held now,
/// dead webhooks, and each of the last days' verdicts and decisions by name, newest day first.
/// </summary>
public sealed record QueueStatistics(
    IReadOnlyDictionary<string, long> StatusCounts,
    TimeSpan? OldestPendingAge,
    long Claimed,
    long DeadWebhooks,
    IReadOnlyList<(DateOnly Day, IReadOnlyDictionary<string, long> Counts)> Daily);
