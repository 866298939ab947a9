using Moderation.Core.Comments;

namespace Moderation.Core.Rules;

/// <summary>One small, named check that adds points and an explanation to the assessment.</summary>
public interface IRule
{
    void Evaluate(RuleContext context, Assessment assessment);
}
