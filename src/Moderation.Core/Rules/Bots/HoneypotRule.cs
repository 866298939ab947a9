using Moderation.Core.Comments;

namespace Moderation.Core.Rules.Bots;

/// <summary>People never see the honeypot field, so a value in it means a bot filled the form.</summary>
public sealed class HoneypotRule : IRule
{
    public const string Id = "bot.honeypot";

    public void Evaluate(RuleContext context, Assessment assessment)
    {
        var s = context.Submission;
        if (s.HoneypotValue.Length > 0)
        {
            var field = s.HoneypotField.Length > 0 ? s.HoneypotField : "honeypot";
            assessment.Add(new(Id, 10, "A hidden form field that people never see was filled in, as bots do.", field), RuleAction.Discard);
        }
    }
}
