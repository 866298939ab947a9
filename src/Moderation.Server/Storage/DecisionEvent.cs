namespace Moderation.Server.Storage;

/// <summary>A decision as webhooks deliver it; <see cref="Source"/> and <see cref="EntryId"/> say which stream entry to acknowledge.</summary>
public sealed record DecisionEvent(string Source, string EntryId, DecisionRecord Decision);
