using Moderation.Contracts.V1;
using Moderation.Core.Sites;
using Moderation.Server.Storage;

namespace Moderation.Server.Sites;

/// <summary>A site with its compiled policy, as the intake uses it.</summary>
public sealed record SiteEntry(Site Site, SitePolicy Policy, StoragePolicy Storage, DateTimeOffset LoadedAt);
