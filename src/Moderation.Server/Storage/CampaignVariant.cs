namespace Moderation.Server.Storage;

/// <summary>What applies to a text the store finds repeated often enough.</summary>
public sealed record CampaignVariant(string Signature, VerdictsByAuthor IfRepeated);
