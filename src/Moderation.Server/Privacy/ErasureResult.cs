namespace Moderation.Server.Privacy;

/// <summary>What an erasure removed, and the site's lists that still name the person (the site's own settings).</summary>
public sealed record ErasureResult(int Comments, int Examples, int DecisionEvents, IReadOnlyList<string> ListsNamingAuthor);
