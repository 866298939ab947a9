using System.Diagnostics;
using Google.Protobuf;
using Moderation.Contracts.V1;
using Moderation.Core.Email;
using Moderation.Core.Rules;
using Moderation.Core.Verdicts;
using Moderation.Server.Email;
using Moderation.Server.Problems;
using Moderation.Server.Sites;
using Moderation.Server.Storage;
using Moderation.Server.Telemetry;
using CoreAssessment = Moderation.Core.Comments.Assessment;
using CoreSubmission = Moderation.Core.Comments.Submission;
using CoreVerdict = Moderation.Core.Comments.Verdict;

namespace Moderation.Server.Intake;

/// <summary>
/// A submission flows one way: rules → verdicts → one store script → answer. While Redis is unreachable the
/// answer is degraded instead (<see cref="VerdictPolicy.Degraded"/>) and the submission waits in the local spool,
/// from which <see cref="ReplayAsync"/> later stores it through the same script.
/// Each stage is a span; the verdict, score and rule ids are attributes, never the commenter's email or IP.
/// </summary>
public sealed class CommentIntake(
    RulePipeline pipeline,
    MailDomainChecker mailDomains,
    CommentStore store,
    RedisAvailability availability,
    CommentSpool spool,
    KeyHasher hasher,
    ModerationTelemetry telemetry,
    TimeProvider time,
    ILogger<CommentIntake> logger)
{
    /// <summary>
    /// Assesses and stores one comment. <paramref name="comment"/> is the record kept as submitted and
    /// <paramref name="submission"/> the same comment as the rules read it; with <paramref name="test"/> nothing is kept.
    /// </summary>
    public async Task<IntakeResult> SubmitAsync(SiteEntry site, CommentSubmission comment, CoreSubmission submission, bool test, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var now = time.GetUtcNow();
        var assessments = await AssessAsync(site, submission, now, cancellationToken).ConfigureAwait(false);
        var result = assessments.ForNewAuthor.IsRejected
            ? IntakeResult.Refused(AssessmentMapper.ToWire(assessments.ForNewAuthor))
            : await StoreOrSpoolAsync(site, comment, submission.AuthorEmail, test, assessments, now, cancellationToken).ConfigureAwait(false);
        Record(site.Site.SiteId, result.Assessment, started);
        return result;
    }

    /// <summary>
    /// Stores a comment that was answered from the spool: the rules run again with the site's settings of now, the
    /// state checks for the first time. Flood and rate limits are left out, as the spool keeps no real spacing of
    /// arrivals; a duplicate is discarded rather than refused, since the commenter was answered long ago. When the
    /// stored status differs from the one announced, the decision event says so, and the host hears of it.
    /// </summary>
    public async Task<IntakeResult> ReplayAsync(SiteEntry site, SpooledComment spooled, CancellationToken cancellationToken)
    {
        var comment = CommentSubmission.Parser.ParseFrom(spooled.Submission);
        var submission = SubmissionMapper.Map(comment);
        var assessments = await AssessAsync(site, submission, spooled.SubmittedAt, cancellationToken).ConfigureAwait(false);
        var storage = site.Storage with { FloodInterval = TimeSpan.Zero, MaxPerIpPerMinute = 0 };
        if (assessments.ForNewAuthor.IsRejected)
        {
            // The site's word lists or limits changed since: keep the comment for a moderator instead of losing it.
            var held = VerdictPolicy.HeldAfterAnswer(assessments.ForNewAuthor);
            assessments = new Assessments(held, held);
        }
        var result = await StoreAsync(site with { Storage = storage }, comment, submission.AuthorEmail, test: false, assessments, spooled.SubmittedAt, spooled.AnnouncedStatus, cancellationToken).ConfigureAwait(false);
        if (result.CommentId.Length == 0)
        {
            // With flood and rate limits off, only the duplicate check refuses.
            var repeat = VerdictPolicy.TrippedAfterAnswer(StateCheck.Duplicate);
            result = await StoreAsync(site with { Storage = storage }, comment, submission.AuthorEmail, test: false,
                new Assessments(repeat, repeat), spooled.SubmittedAt, spooled.AnnouncedStatus, cancellationToken).ConfigureAwait(false);
        }
        return result;
    }

    private async Task<Assessments> AssessAsync(SiteEntry site, CoreSubmission submission, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var siteId = site.Site.SiteId;
        var mailDomain = MailDomainStatus.Unknown;
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
        return assessments;
    }

    private async Task<IntakeResult> StoreOrSpoolAsync(SiteEntry site, CommentSubmission comment, string email, bool test, Assessments assessments, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (spool.Enabled && !availability.IsUp)
        {
            return await SpoolAsync(site, comment, test, assessments, now).ConfigureAwait(false);
        }
        try
        {
            return await StoreAsync(site, comment, email, test, assessments, now, announcedStatus: 0, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (spool.Enabled && StoreOutage.Is(ex) && !cancellationToken.IsCancellationRequested)
        {
            availability.ProbeNow();
            return await SpoolAsync(site, comment, test, assessments, now).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The degraded answer: the stateless rules' verdict, never more lenient than PENDING, and the submission kept
    /// in the spool (fsynced) before the answer. A test submission is answered the same and not kept.
    /// </summary>
    private async Task<IntakeResult> SpoolAsync(SiteEntry site, CommentSubmission comment, bool test, Assessments assessments, DateTimeOffset now)
    {
        var degraded = VerdictPolicy.Degraded(assessments.ForNewAuthor);
        var siteId = site.Site.SiteId;
        if (test)
        {
            return new IntakeResult("", AssessmentMapper.ToWire(degraded), false, "") { Degraded = true };
        }
        using (var activity = ModerationTelemetry.ActivitySource.StartActivity("moderation.spool"))
        {
            try
            {
                await spool.AppendAsync(new SpooledComment(siteId, now, (int)degraded.Verdict, comment.ToByteArray())).ConfigureAwait(false);
            }
            catch (SpoolFullException)
            {
                throw Problem.Unavailable("SPOOL_FULL",
                    "The comment store is unreachable and this server's spool for such times is full; retry with the same host_comment_id.");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw Problem.Unavailable("SPOOL_UNWRITABLE",
                    "The comment store is unreachable and this server could not keep the comment locally; retry with the same host_comment_id.");
            }
        }
        var commentId = CommentIdentity.For(siteId, comment.HostCommentId);
        Log.CommentSpooled(logger, siteId, commentId, degraded.Verdict);
        return new IntakeResult(commentId, AssessmentMapper.ToWire(degraded), false, "") { Degraded = true };
    }

    private async Task<IntakeResult> StoreAsync(SiteEntry site, CommentSubmission comment, string email, bool test, Assessments assessments, DateTimeOffset now, int announcedStatus, CancellationToken cancellationToken)
    {
        var siteId = site.Site.SiteId;
        var commentId = CommentIdentity.For(siteId, comment.HostCommentId);
        var normalizedEmail = email.Trim().ToLowerInvariant();
        var variants = new WireVariants(assessments);
        var command = new SubmitCommand(
            siteId,
            commentId,
            comment.HostCommentId,
            Fingerprint(comment, normalizedEmail),
            hasher.Of(comment.AuthorIp),
            normalizedEmail.Length == 0 ? null : hasher.Of(normalizedEmail),
            variants.Head,
            variants.Verdicts,
            comment.ToByteArray(),
            MayDiscard(assessments) ? new CommentSubmission { HostCommentId = comment.HostCommentId, PostId = comment.PostId }.ToByteArray() : [],
            test,
            site.Storage,
            now)
        {
            Campaign = variants.Campaign is { } campaign ? new(assessments.Campaign!.Signature, campaign) : null,
            AnnouncedStatus = announcedStatus,
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
                return new IntakeResult(test ? "" : commentId, assessment, outcome.Status == SubmitStatus.Replayed, outcome.Cursor);
            case SubmitStatus.IdConflict:
                Log.HostCommentIdConflict(logger, siteId);
                throw Problem.AlreadyExists("HOST_COMMENT_ID_REUSED",
                    "comment.host_comment_id was already used for a different comment on this site; use a new id for a new comment.");
            default:
                return IntakeResult.Refused(AssessmentMapper.ToWire(VerdictPolicy.Refused(CheckThatTripped(outcome))));
        }
    }

    private static StateCheck CheckThatTripped(SubmitOutcome outcome) => outcome.Status switch
    {
        SubmitStatus.Duplicate => StateCheck.Duplicate,
        SubmitStatus.FloodByEmail => StateCheck.FloodByEmail,
        SubmitStatus.FloodByIp => StateCheck.FloodByIp,
        _ => StateCheck.RateLimit,
    };

    private void Record(string siteId, Assessment assessment, long started)
    {
        var verdict = VerdictName(assessment.Verdict);
        var tags = new TagList { { "moderation.verdict", verdict }, { "moderation.site_id", siteId } };
        telemetry.Decisions.Add(1, tags);
        telemetry.SubmitDuration.Record(time.GetElapsedTime(started).TotalSeconds, tags);
        foreach (var hit in assessment.RuleHits)
        {
            telemetry.RuleHits.Add(1, new KeyValuePair<string, object?>("moderation.rule_id", hit.RuleId));
        }
        if (Activity.Current is { } activity)
        {
            activity.SetTag("moderation.verdict", verdict);
            activity.SetTag("moderation.score", assessment.Score);
            activity.SetTag("moderation.rule_ids", assessment.RuleHits.Select(h => h.RuleId).ToArray());
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
    private string Fingerprint(CommentSubmission comment, string normalizedEmail) =>
        hasher.OfLines(comment.PostId, comment.AuthorName.AsSpan().Trim(), normalizedEmail, comment.Content.AsSpan().Trim());
}
