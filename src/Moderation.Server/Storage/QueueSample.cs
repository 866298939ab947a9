namespace Moderation.Server.Storage;

/// <summary>
/// A site's queue depths at one moment, when its oldest pending comment arrived (null when none waits), and how many
/// claimed entries outlived their lease undecided (counted up to 1,000 a queue).
/// </summary>
public sealed record QueueSample(string SiteId, long Pending, long Spam, DateTimeOffset? OldestPending, long ExpiredLeases);
