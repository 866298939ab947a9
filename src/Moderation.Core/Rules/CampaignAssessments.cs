using Moderation.Core.Comments;
using Moderation.Core.Rules.Authors;
using Moderation.Core.Rules.Bots;
using Moderation.Core.Rules.Campaigns;
using Moderation.Core.Rules.Content;
using Moderation.Core.Rules.Email;
using Moderation.Core.Rules.Learning;
using Moderation.Core.Rules.Links;
using Moderation.Core.Rules.Terms;
using Moderation.Core.Rules.Validation;
using Moderation.Core.Sites;
using Moderation.Core.Verdicts;

namespace Moderation.Core.Rules;

/// <summary>The assessments that apply when the store counts enough copies of the text with this signature.</summary>
public sealed record CampaignAssessments(string Signature, Assessments IfRepeated);
