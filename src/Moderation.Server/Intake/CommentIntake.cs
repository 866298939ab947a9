using System.Diagnostics;
using Google.Protobuf;
using Moderation.Contracts.V1;
using Moderation.Core.Rules;
using Moderation.Server.Email;
using Moderation.Server.Errors;
using Moderation.Server.Sites;
using Moderation.Server.Storage;
using Moderation.Server.Telemetry;
using CoreAssessment = Moderation.Core.Comments.Assessment;
using CoreVerdict = Moderation.Core.Comments.Verdict;

namespace Moderation.Server.Intake;

/// <summary>
/// A submission flows one way: map and check the request → rules → verdicts → one store script → answer.
/// Each stage is a span; the verdict, score and rule ids are attributes, never the commenter's email or IP.
/// </summary>
public sealed class CommentIntake(
    RulePipeline pipeline,
    MailDomainChecker mailDomains,
    CommentStore store,
    ModerationTelemetry telemetry,
    TimeProvider time,
    ILogger<CommentIntake> logger)
{
    public async Task<SubmitCommentResponse> SubmitAsync(SiteEntry site, SubmitCommentRequest request, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var siteId = site.Site.SiteId;
        var submission = SubmissionMapper.Map(request.Comment);
        var now = time.GetUtcNow();
        var mailDomain = Core.Email.MailDomainStatus.Unknown;
        if (mailDomains.Enabled)
        {
            using var activity = ModerationTelemetry.ActivitySource.StartActivity("moderation.mail_domain");
            mailDomain = await mailDomains.CheckAsync(submission.AuthorEmail, cancellationToken).ConfigureAwait(false);
            activity?.SetTag("moderation.mail_domain.status", mailDomain.ToString());
        }

        Assessments assessments;
        using (var activity = ModerationTelemetry.ActivitySource.StartActivity("moderation.rules"))
        {
            assessments = pipeline.Assess(submission, site.Policy, now, mailDomain);
            activity?.SetTag("moderation.site_id", siteId);
            activity?.SetTag("moderation.rule_ids", RuleIds(assessments.ForNewAuthor));
        }

        SubmitCommentResponse response;
        if (assessments.ForNewAuthor.IsRejected)
        {
            response = new SubmitCommentResponse { Assessment = AssessmentMapper.ToWire(assessments.ForNewAuthor) };
        }
        else
        {
            response = await StoreAsync(site, request, submission.AuthorEmail, assessments, now, cancellationToken).ConfigureAwait(false);
        }

        Record(siteId, response, started);
        return response;
    }

    private async Task<SubmitCommentResponse> StoreAsync(SiteEntry site, SubmitCommentRequest request, string email, Assessments assessments, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var comment = request.Comment;
        var siteId = site.Site.SiteId;
        var commentId = CommentIds.For(siteId, comment.HostCommentId);
        var normalizedEmail = email.Trim().ToLowerInvariant();
        var variants = new WireVariants(assessments);
        var command = new SubmitCommand(
            siteId,
            commentId,
            comment.HostCommentId,
            Fingerprint(comment, normalizedEmail),
            RedisKeys.HashOf(comment.AuthorIp),
            normalizedEmail.Length == 0 ? null : RedisKeys.HashOf(normalizedEmail),
            variants.Head,
            variants.Verdicts,
            comment.ToByteArray(),
            MayDiscard(assessments) ? new CommentSubmission { HostCommentId = comment.HostCommentId, PostId = comment.PostId }.ToByteArray() : [],
            request.Test,
            site.Storage,
            now)
        {
            Campaign = variants.Campaign is { } campaign ? new(assessments.Campaign!.Signature, campaign) : null,
        };

        SubmitOutcome outcome;
        using (var activity = ModerationTelemetry.ActivitySource.StartActivity("moderation.store"))
        {
            outcome = await store.SubmitAsync(command, cancellationToken).ConfigureAwait(false);
            activity?.SetTag("moderation.store.outcome", outcome.Status.ToString());
        }

        switch (outcome.Status)
        {
            case SubmitStatus.Stored or SubmitStatus.Replayed:
                var assessment = outcome.Status == SubmitStatus.Stored
                    ? variants.MessageFor(outcome.Variant)
                    : Assessment.Parser.ParseFrom(outcome.StoredAssessment);
                Log.CommentAssessed(logger, siteId, commentId, assessment.Verdict, assessment.Score);
                return new SubmitCommentResponse
                {
                    CommentId = request.Test ? "" : commentId,
                    Assessment = assessment,
                    Replayed = outcome.Status == SubmitStatus.Replayed,
                    DecisionCursor = outcome.Cursor,
                };
            case SubmitStatus.IdConflict:
                Log.HostCommentIdConflict(logger, siteId);
                throw RpcErrors.AlreadyExists("HOST_COMMENT_ID_REUSED",
                    "comment.host_comment_id was already used for a different comment on this site; use a new id for a new comment.");
            default:
                return Refused(outcome);
        }
    }

    private static SubmitCommentResponse Refused(SubmitOutcome outcome)
    {
        var (ruleId, description, field, code, message) = outcome.Status switch
        {
            SubmitStatus.Duplicate => ("state.duplicate", "The same author already posted this comment on this post.",
                "content", "DUPLICATE", "Duplicate comment detected; it looks as though you've already said that!"),
            SubmitStatus.Flood => ("state.flood", "The same " + (outcome.FloodField == "author_email" ? "email address" : "IP address") + " posted moments ago.",
                "", "TOO_FAST", "You are posting comments too quickly. Slow down, and try again in a few seconds."),
            _ => ("state.rate_limit", "This IP address sent more comments in the last minute than the site allows.",
                "", "RATE_LIMITED", "Too many comments from your network in the last minute. Please wait a minute and try again."),
        };
        return new SubmitCommentResponse
        {
            Assessment = new Assessment
            {
                Verdict = Verdict.Rejected,
                RuleHits = { new RuleHit { RuleId = ruleId, Description = description } },
                Violations = { new CommentFieldViolation { Field = field, Code = code, Message = message } },
            },
        };
    }

    private void Record(string siteId, SubmitCommentResponse response, long started)
    {
        var verdict = VerdictName(response.Assessment.Verdict);
        var tags = new TagList { { "moderation.verdict", verdict }, { "moderation.site_id", siteId } };
        telemetry.Decisions.Add(1, tags);
        telemetry.SubmitDuration.Record(time.GetElapsedTime(started).TotalSeconds, tags);
        foreach (var hit in response.Assessment.RuleHits)
        {
            telemetry.RuleHits.Add(1, new KeyValuePair<string, object?>("moderation.rule_id", hit.RuleId));
        }
        if (Activity.Current is { } activity)
        {
            activity.SetTag("moderation.verdict", verdict);
            activity.SetTag("moderation.score", response.Assessment.Score);
            activity.SetTag("moderation.rule_ids", response.Assessment.RuleHits.Select(h => h.RuleId).ToArray());
        }
    }

    private static string VerdictName(Verdict verdict) => verdict switch
    {
        Verdict.Approved => "approved",
        Verdict.Pending => "pending",
        Verdict.Spam => "spam",
        Verdict.Discard => "discard",
        Verdict.Rejected => "rejected",
        _ => "unspecified",
    };

    private static string[] RuleIds(CoreAssessment assessment)
    {
        var ids = new string[assessment.Hits.Count + assessment.Violations.Count];
        var i = 0;
        foreach (var hit in assessment.Hits)
        {
            ids[i++] = hit.RuleId;
        }
        foreach (var violation in assessment.Violations)
        {
            ids[i++] = "validation." + violation.Code.ToLowerInvariant();
        }
        return ids;
    }

    // A discarded comment keeps only its ids; most submissions never need that summary built.
    private static bool MayDiscard(Assessments assessments) =>
        assessments.ForNewAuthor.Verdict == CoreVerdict.Discard || assessments.ForKnownAuthor.Verdict == CoreVerdict.Discard
        || assessments.Campaign is { } campaign && MayDiscard(campaign.IfRepeated);

    /// <summary>
    /// The assessments the store picks from: the rule hits they all start with, serialised once, and for each
    /// distinct assessment the rest (see <see cref="AssessmentMapper.HeadBytes"/>). Listed in the order the submit
    /// script numbers the variant it stored: new author, known author, then both again for a repeated text.
    /// </summary>
    private sealed class WireVariants
    {
        private readonly CoreAssessment[] _variants;

        public WireVariants(Assessments assessments)
        {
            var campaign = assessments.Campaign?.IfRepeated;
            _variants = campaign is { } repeated
                ? [assessments.ForNewAuthor, assessments.ForKnownAuthor, repeated.ForNewAuthor, repeated.ForKnownAuthor]
                : [assessments.ForNewAuthor, assessments.ForKnownAuthor];
            var shared = AssessmentMapper.SharedHitCount(_variants);
            Head = AssessmentMapper.HeadBytes(assessments.ForNewAuthor, shared);
            Verdicts = Tails(assessments, shared);
            Campaign = campaign is { } ifRepeated ? Tails(ifRepeated, shared) : null;
        }

        public byte[] Head { get; }

        public VerdictsByAuthor Verdicts { get; }

        public VerdictsByAuthor? Campaign { get; }

        public Assessment MessageFor(int variant) => AssessmentMapper.ToWire(_variants[variant]);

        private static VerdictsByAuthor Tails(Assessments assessments, int shared)
        {
            var forNew = AssessmentMapper.TailBytes(assessments.ForNewAuthor, shared);
            var forKnown = assessments.DependOnAuthor ? AssessmentMapper.TailBytes(assessments.ForKnownAuthor, shared) : forNew;
            return new(assessments.ForNewAuthor.Verdict, forNew, assessments.ForKnownAuthor.Verdict, forKnown);
        }
    }

    // Same author, same post, same text: the duplicate check and the retry check both use it.
    private static string Fingerprint(CommentSubmission comment, string normalizedEmail) =>
        RedisKeys.HashOfLines(comment.PostId, comment.AuthorName.AsSpan().Trim(), normalizedEmail, comment.Content.AsSpan().Trim());
}
