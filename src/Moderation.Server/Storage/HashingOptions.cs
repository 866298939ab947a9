namespace Moderation.Server.Storage;

/// <summary>The secret key of <see cref="KeyHasher"/>; every replica of a deployment must use the same one.</summary>
public sealed class HashingOptions
{
    public const string Section = "Hashing";

    /// <summary>The key, base64, at least 32 bytes (a secret: from a secret store, never a config file in git).</summary>
    public string Key { get; set; } = "";

    /// <summary>Where the key is read from when <see cref="Key"/> is empty, generated on first start if missing. Default: .data/hash.key under the working directory.</summary>
    public string KeyFile { get; set; } = "";
}
