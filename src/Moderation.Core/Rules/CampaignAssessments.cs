namespace Moderation.Core.Rules;

/// <summary>The assessments that apply when the store counts enough copies of the text with this signature.</summary>
public sealed record CampaignAssessments(string Signature, Assessments IfRepeated);
