namespace Moderation.Server.Auth;

/// <summary>Authentication settings, from the "Moderation" configuration section.</summary>
public sealed class AuthOptions
{
    public const string Section = "Moderation";

    /// <summary>An admin key from configuration, so a fresh install can create its first site and keys. Never logged.</summary>
    public string BootstrapAdminKey { get; set; } = "";
}
