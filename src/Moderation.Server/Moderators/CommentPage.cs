using Moderation.Contracts.V1;

namespace Moderation.Server.Moderators;

/// <summary>One page of a listing and the token of the next; empty when there is none.</summary>
public sealed record CommentPage(List<Comment> Comments, string NextPageToken);
