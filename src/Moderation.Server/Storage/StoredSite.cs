namespace Moderation.Server.Storage;

/// <summary>A site as stored: its settings are the serialised contract message, so new settings need no migration.</summary>
public sealed record StoredSite(string SiteId, string DisplayName, byte[] Settings, DateTimeOffset Created, DateTimeOffset Updated);
