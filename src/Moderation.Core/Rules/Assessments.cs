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

/// <summary>The assessment for an author new to the site and for one with approved comments; the same object when it cannot differ.</summary>
public readonly record struct Assessments(Assessment ForNewAuthor, Assessment ForKnownAuthor)
{
    public bool DependOnAuthor => !ReferenceEquals(ForNewAuthor, ForKnownAuthor);

    /// <summary>For a text long enough to be judged: its signature and the assessments if it turns out repeated.</summary>
    public CampaignAssessments? Campaign { get; init; }
}
