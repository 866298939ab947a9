using Moderation.Core.Comments;

namespace Moderation.Core.Rules;

/// <summary>The assessment for an author new to the site and for one with approved comments; the same object when it cannot differ.</summary>
public readonly record struct Assessments(Assessment ForNewAuthor, Assessment ForKnownAuthor)
{
    public bool DependOnAuthor => !ReferenceEquals(ForNewAuthor, ForKnownAuthor);

    /// <summary>For a text long enough to be judged: its signature and the assessments if it turns out repeated.</summary>
    public CampaignAssessments? Campaign { get; init; }
}
