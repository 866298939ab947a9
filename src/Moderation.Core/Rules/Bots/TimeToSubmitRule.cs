using System.Globalization;
using Moderation.Core.Comments;

namespace Moderation.Core.Rules.Bots;

/// <summary>A form sent sooner after it was shown than a person could type looks automated.</summary>
public sealed class TimeToSubmitRule : IRule
{
    public const string Id = "bot.fast_submit";
    public const double Points = 4;

    public void Evaluate(RuleContext context, Assessment assessment)
    {
        if (context.Submission.FormRenderedAt is not { } renderedAt)
        {
            return;
        }
        var elapsed = context.Now - renderedAt;
        if (elapsed >= TimeSpan.Zero && elapsed < context.Policy.MinTimeToSubmit)
        {
            assessment.Add(new(Id, Points,
                "The form was sent faster than a person can write a comment.",
                string.Create(CultureInfo.InvariantCulture, $"{elapsed.TotalSeconds:0.0} s after the form was shown")));
        }
    }
}
