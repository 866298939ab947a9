using Moderation.Contracts.V1;
using CoreAssessment = Moderation.Core.Comments.Assessment;

namespace Moderation.Server.Intake;

/// <summary>The domain's assessment as the wire message the host receives and the store keeps.</summary>
public static class AssessmentMapper
{
    public static Assessment ToWire(CoreAssessment assessment)
    {
        var wire = new Assessment { Verdict = (Verdict)(int)assessment.Verdict, Score = assessment.Score };
        foreach (var hit in assessment.Hits)
        {
            wire.RuleHits.Add(new RuleHit { RuleId = hit.RuleId, Points = hit.Points, Description = hit.Description, Evidence = hit.Evidence });
        }
        foreach (var v in assessment.Violations)
        {
            wire.Violations.Add(new CommentFieldViolation { Field = v.Field, Code = v.Code, Message = v.Message, Suggestion = v.Suggestion });
        }
        foreach (var h in assessment.Hints)
        {
            wire.Hints.Add(new CommentFieldViolation { Field = h.Field, Code = h.Code, Message = h.Message, Suggestion = h.Suggestion });
        }
        return wire;
    }
}
