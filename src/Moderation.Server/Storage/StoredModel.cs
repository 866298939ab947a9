namespace Moderation.Server.Storage;

/// <summary>A trained model as stored: its version and serialised weights.</summary>
public sealed record StoredModel(string Version, byte[] Bytes);
