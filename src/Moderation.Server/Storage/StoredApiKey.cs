namespace Moderation.Server.Storage;

/// <summary>An API key as stored: only the SHA-256 of its secret, never the secret.</summary>
public sealed record StoredApiKey(string KeyId, byte[] SecretHash, int Role, string[] SiteIds, string DisplayName, DateTimeOffset Created);
