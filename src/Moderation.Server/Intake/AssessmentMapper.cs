using Google.Protobuf;
using Moderation.Contracts.V1;
using CoreAssessment = Moderation.Core.Comments.Assessment;

namespace Moderation.Server.Intake;

/// <summary>The domain's assessment as the wire message the host receives and the store keeps.</summary>
public static class AssessmentMapper
{
    public static Assessment ToWire(CoreAssessment assessment)
    {
        var wire = new Assessment { Verdict = (Verdict)(int)assessment.Verdict, Score = assessment.Score };
        AddHits(wire, assessment, 0, assessment.Hits.Count);
        AddViolationsAndHints(wire, assessment);
        return wire;
    }

    /// <summary>A verdict's lowercase name, as metrics, traces and the HTTP doors' headers show it.</summary>
    public static string VerdictName(Verdict verdict) => verdict switch
    {
        Verdict.Approved => "approved",
        Verdict.Pending => "pending",
        Verdict.Spam => "spam",
        Verdict.Discard => "discard",
        Verdict.Rejected => "rejected",
        _ => "unspecified",
    };

    /// <summary>How many leading rule hits every one of <paramref name="variants"/> has in common.</summary>
    public static int SharedHitCount(ReadOnlySpan<CoreAssessment> variants)
    {
        var first = variants[0].Hits;
        var count = first.Count;
        foreach (var variant in variants[1..])
        {
            var hits = variant.Hits;
            count = Math.Min(count, hits.Count);
            for (var i = 0; i < count; i++)
            {
                if (hits[i] != first[i])
                {
                    count = i;
                    break;
                }
            }
        }
        return count;
    }

    // A parser appends repeated fields and keeps the last value of a scalar, so a head followed by a tail parses
    // as the whole assessment: the variants of one submission share their head and differ only in the tail.

    /// <summary>The first <paramref name="hitCount"/> rule hits, serialised: the head the tails follow.</summary>
    public static byte[] HeadBytes(CoreAssessment assessment, int hitCount)
    {
        var head = new Assessment();
        AddHits(head, assessment, 0, hitCount);
        return head.ToByteArray();
    }

    /// <summary>Everything after the head: verdict, score, the rule hits from <paramref name="fromHit"/> on, violations and hints.</summary>
    public static byte[] TailBytes(CoreAssessment assessment, int fromHit)
    {
        var tail = new Assessment { Verdict = (Verdict)(int)assessment.Verdict, Score = assessment.Score };
        AddHits(tail, assessment, fromHit, assessment.Hits.Count);
        AddViolationsAndHints(tail, assessment);
        return tail.ToByteArray();
    }

    private static void AddHits(Assessment wire, CoreAssessment assessment, int from, int to)
    {
        var hits = assessment.Hits;
        for (var i = from; i < to; i++)
        {
            var hit = hits[i];
            wire.RuleHits.Add(new RuleHit { RuleId = hit.RuleId, Points = hit.Points, Description = hit.Description, Evidence = hit.Evidence });
        }
    }

    private static void AddViolationsAndHints(Assessment wire, CoreAssessment assessment)
    {
        foreach (var v in assessment.Violations)
        {
            wire.Violations.Add(new CommentFieldViolation { Field = v.Field, Code = v.Code, Message = v.Message, Suggestion = v.Suggestion });
        }
        foreach (var h in assessment.Hints)
        {
            wire.Hints.Add(new CommentFieldViolation { Field = h.Field, Code = h.Code, Message = h.Message, Suggestion = h.Suggestion });
        }
    }
}
