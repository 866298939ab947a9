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
/// from which <see cref="ReplayAsync"/> later stores it through the same script, many comments per call.
/// Each stage is a span; the verdict, score and rule ids are attributes, never the commenter's email or IP.
/// </summary>
public sealed class CommentIntake(
    RulePipeline pipeline,
    MailDomainChecker mailDomains,
    DisposableDomainSource disposableDomains,
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
        var (assessments, mailDomain) = await AssessAsync(site, submission, now, cancellationToken).ConfigureAwait(false);
        var result = assessments.ForNewAuthor.IsRejected
            ? IntakeResult.Refused(AssessmentMapper.ToWire(assessments.ForNewAuthor))
            : await StoreOrSpoolAsync(site, comment, test, assessments, MayReuse(mailDomain), now, cancellationToken).ConfigureAwait(false);
        Record(site.Site.SiteId, result.Assessment, started);
        return result;
    }

    /// <summary>
    /// Stores comments of one site that were answered from the spool, in one store round trip, and answers what
    /// became of each. The assessments of an answer are reused while the site's settings and model are those it
    /// was answered with; otherwise the rules run again with the site's settings of now. The state checks run for
    /// the first time, but flood and rate limits are left out, as the spool keeps no real spacing of arrivals; a
    /// duplicate is discarded rather than refused, since the commenter was answered long ago. When the stored
    /// status differs from the one announced, the decision event says so, and the host hears of it. A comment that
    /// cannot be read, assessed or stored fails alone: when the batch's script call is refused, the comments are
    /// stored one at a time. An outage throws.
    /// </summary>
    public async Task<ReplayOutcome[]> ReplayAsync(SiteEntry site, IReadOnlyList<SpooledComment> entries, CancellationToken cancellationToken)
    {
        var replayed = site with { Storage = site.Storage with { FloodInterval = TimeSpan.Zero, MaxPerIpPerMinute = 0 } };
        var outcomes = new ReplayOutcome[entries.Count];
        var prepared = await Task.WhenAll(entries.Select((entry, i) => PrepareAsync(replayed, entry, i, outcomes, cancellationToken))).ConfigureAwait(false);
        var ready = prepared.Where(p => p.Command is not null).ToArray();
        if (ready.Length == 0)
        {
            return outcomes;
        }

        SubmitOutcome[]? stored = null;
        using (var activity = ModerationTelemetry.ActivitySource.StartActivity("moderation.store"))
        {
            activity?.SetTag("moderation.store.batch", ready.Length);
            try
            {
                stored = await store.SubmitManyAsync([.. ready.Select(p => p.Command!)], cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (StoreOutage.IsRefusal(ex) || !StoreOutage.Is(ex) && ex is not OperationCanceledException)
            {
                activity?.SetTag("moderation.store.outcome", "one_by_one");
            }
        }
        for (var i = 0; i < ready.Length; i++)
        {
            var (comment, command, index) = ready[i];
            try
            {
                var outcome = stored?[i] ?? await store.SubmitAsync(command!, cancellationToken).ConfigureAwait(false);
                outcomes[index] = outcome.Status switch
                {
                    SubmitStatus.Stored or SubmitStatus.Replayed => ReplayOutcome.Stored,
                    SubmitStatus.IdConflict => new(ReplayStatus.HostIdTaken),
                    // With flood and rate limits off, only the duplicate check refuses.
                    _ => await StoreDuplicateAsync(replayed, comment!, entries[index], cancellationToken).ConfigureAwait(false),
                };
            }
            catch (Exception ex) when (StoreOutage.IsRefusal(ex) || !StoreOutage.Is(ex) && ex is not OperationCanceledException)
            {
                outcomes[index] = new(ReplayStatus.Failed, ex);
            }
        }
        return outcomes;
    }

    private async Task<(CommentSubmission? Comment, SubmitCommand? Command, int Index)> PrepareAsync(
        SiteEntry replayed, SpooledComment spooled, int index, ReplayOutcome[] outcomes, CancellationToken cancellationToken)
    {
        try
        {
            var comment = CommentSubmission.Parser.ParseFrom(spooled.Submission);
            var variants = AssessmentVariants.FromSpool(spooled.Answer, AnswerStamp(replayed))
                ?? await AssessAgainAsync(replayed, comment, spooled.SubmittedAt, cancellationToken).ConfigureAwait(false);
            return (comment, Command(replayed, comment, test: false, variants, spooled.SubmittedAt, spooled.AnnouncedStatus), index);
        }
        catch (Exception ex) when (!StoreOutage.Is(ex) && ex is not OperationCanceledException)
        {
            outcomes[index] = new(ReplayStatus.Failed, ex);
            return (null, null, index);
        }
    }

    private async Task<ReplayOutcome> StoreDuplicateAsync(SiteEntry replayed, CommentSubmission comment, SpooledComment spooled, CancellationToken cancellationToken)
    {
        var repeat = VerdictPolicy.TrippedAfterAnswer(StateCheck.Duplicate);
        var result = await StoreAsync(replayed, comment, test: false, new AssessmentVariants(new Assessments(repeat, repeat)),
            spooled.SubmittedAt, spooled.AnnouncedStatus, cancellationToken).ConfigureAwait(false);
        return result.CommentId.Length > 0 ? ReplayOutcome.Stored : new(ReplayStatus.Failed, new InvalidOperationException("A discarded duplicate was refused."));
    }

    private async Task<AssessmentVariants> AssessAgainAsync(SiteEntry site, CommentSubmission comment, DateTimeOffset submittedAt, CancellationToken cancellationToken)
    {
        var (assessments, _) = await AssessAsync(site, SubmissionMapper.Map(comment), submittedAt, cancellationToken).ConfigureAwait(false);
        if (assessments.ForNewAuthor.IsRejected)
        {
            // The site's word lists or limits changed since: keep the comment for a moderator instead of losing it.
            var held = VerdictPolicy.HeldAfterAnswer(assessments.ForNewAuthor);
            assessments = new Assessments(held, held);
        }
        return new AssessmentVariants(assessments);
    }

    private async Task<(Assessments Assessments, MailDomainStatus MailDomain)> AssessAsync(SiteEntry site, CoreSubmission submission, DateTimeOffset now, CancellationToken cancellationToken)
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
        return (assessments, mailDomain);
    }

    // Everything the rules read besides the submission and its time: the site's settings and model, the rules'
    // own build, the disposable-domain lists and whether mail servers are checked.
    internal string AnswerStamp(SiteEntry site) =>
        $"{site.PolicyStamp}/{RulesBuild}/{disposableDomains.Stamp}/{(mailDomains.Enabled ? "mx" : "")}";

    // Deterministic builds give the same id to the same source.
    private static readonly string RulesBuild = typeof(RulePipeline).Assembly.ManifestModule.ModuleVersionId.ToString("N");

    // A replay may reuse the answer's assessments only when the rules would see the same inputs again: with mail
    // checks on, an Unknown status (as while Redis is down) may be known by then.
    private bool MayReuse(MailDomainStatus mailDomain) => !mailDomains.Enabled || mailDomain != MailDomainStatus.Unknown;

    private async Task<IntakeResult> StoreOrSpoolAsync(SiteEntry site, CommentSubmission comment, bool test, Assessments assessments, bool reusable, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (spool.Enabled && !availability.IsUp)
        {
            return await SpoolAsync(site, comment, test, assessments, reusable ? new AssessmentVariants(assessments) : null, now).ConfigureAwait(false);
        }
        var variants = new AssessmentVariants(assessments);
        try
        {
            return await StoreAsync(site, comment, test, variants, now, announcedStatus: 0, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (spool.Enabled && StoreOutage.Is(ex) && !cancellationToken.IsCancellationRequested)
        {
            availability.ProbeNow();
            return await SpoolAsync(site, comment, test, assessments, reusable ? variants : null, now).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The degraded answer: the stateless rules' verdict, never more lenient than PENDING, and the submission kept
    /// in the spool (fsynced) before the answer. A test submission is answered the same and not kept.
    /// </summary>
    private async Task<IntakeResult> SpoolAsync(SiteEntry site, CommentSubmission comment, bool test, Assessments assessments, AssessmentVariants? reusable, DateTimeOffset now)
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
                await spool.AppendAsync(new SpooledComment(siteId, now, (int)degraded.Verdict, comment.ToByteArray())
                {
                    Answer = reusable?.ToSpool(AnswerStamp(site)) ?? [],
                }).ConfigureAwait(false);
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

    private async Task<IntakeResult> StoreAsync(SiteEntry site, CommentSubmission comment, bool test, AssessmentVariants variants, DateTimeOffset now, int announcedStatus, CancellationToken cancellationToken)
    {
        var siteId = site.Site.SiteId;
        var command = Command(site, comment, test, variants, now, announcedStatus);
        var commentId = command.CommentId;

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

    private SubmitCommand Command(SiteEntry site, CommentSubmission comment, bool test, AssessmentVariants variants, DateTimeOffset now, int announcedStatus)
    {
        var siteId = site.Site.SiteId;
        var normalizedEmail = comment.AuthorEmail.Trim().ToLowerInvariant();
        return new SubmitCommand(
            siteId,
            CommentIdentity.For(siteId, comment.HostCommentId),
            comment.HostCommentId,
            Fingerprint(comment, normalizedEmail),
            hasher.Of(comment.AuthorIp),
            normalizedEmail.Length == 0 ? null : hasher.Of(normalizedEmail),
            variants.Head,
            variants.Verdicts,
            comment.ToByteArray(),
            variants.MayDiscard ? new CommentSubmission { HostCommentId = comment.HostCommentId, PostId = comment.PostId }.ToByteArray() : [],
            test,
            site.Storage,
            now)
        {
            Campaign = variants.Campaign,
            AnnouncedStatus = announcedStatus,
        };
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
        var verdict = AssessmentMapper.VerdictName(assessment.Verdict);
        var tags = new TagList { { "moderation.verdict", verdict }, { "moderation.site_id", siteId } };
        telemetry.Decisions.Add(1, tags);
        // Not per site: a dozen buckets for each of thousands of sites would swamp a scrape.
        telemetry.SubmitDuration.Record(time.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("moderation.verdict", verdict));
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

    // Same author, same post, same text: the duplicate check and the retry check both use it.
    private string Fingerprint(CommentSubmission comment, string normalizedEmail) =>
        hasher.OfLines(comment.PostId, comment.AuthorName.AsSpan().Trim(), normalizedEmail, comment.Content.AsSpan().Trim());
}
