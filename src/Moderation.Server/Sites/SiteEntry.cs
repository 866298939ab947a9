using Moderation.Contracts.V1;
using Moderation.Core.Sites;
using Moderation.Server.Storage;

namespace Moderation.Server.Sites;

/// <summary>
/// A site with its compiled policy, as the intake uses it. <see cref="PolicyStamp"/> names the settings and model
/// the policy was compiled from: two entries with the same stamp assess a submission alike.
/// </summary>
public sealed record SiteEntry(Site Site, SitePolicy Policy, StoragePolicy Storage, DateTimeOffset LoadedAt)
{
    public string PolicyStamp { get; init; } = "";
}
