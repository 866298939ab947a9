using System.Net;
using Google.Protobuf;
using Moderation.Contracts.V1;
using Moderation.Server.Learning;
using Moderation.Server.Problems;
using Moderation.Server.Sites;
using Moderation.Server.Storage;

namespace Moderation.Server.Privacy;

/// <summary>
/// Forgets a commenter on one site: finds their comments by walking the site's status indexes (an erasure reads
/// every record of the site once), then deletes or anonymises each with its queue and index entries, removes their
/// decision events, labeled examples and dead webhook letters, deletes what is kept under the hashes of their email
/// and IPs, retrains the site's model without their examples, and leaves an audit entry that names no one.
/// </summary>
public sealed partial class AuthorErasure(
    CommentStore comments,
    ModerationStore moderation,
    ErasureStore store,
    KeyHasher hasher,
    CommentSpool spool,
    ModelTrainer trainer,
    TimeProvider time,
    ILogger<AuthorErasure> logger)
{
    public const int MaxEmailLength = 254;
    private const int Chunk = 500;

    public async Task<ErasureResult> EraseAsync(SiteEntry site, string authorEmail, string authorIp, bool anonymise, string actor, CancellationToken cancellationToken)
    {
        var email = authorEmail.Trim().ToLowerInvariant();
        if (email.Length is 0 or > MaxEmailLength || !email.Contains('@', StringComparison.Ordinal))
        {
            throw Problem.InvalidArgument("INVALID_EMAIL", "author_email", $"Give the commenter's email address, at most {MaxEmailLength} characters.");
        }
        IPAddress? ip = null;
        if (authorIp.Length > 0 && !IPAddress.TryParse(authorIp.Trim(), out ip))
        {
            throw Problem.InvalidArgument("INVALID_IP", "author_ip", "Give an IPv4 or IPv6 address, or leave it empty.");
        }
        // A comment this replica answered while Redis was down is stored only when the spool drains; erasing first
        // would miss it.
        if (spool.Count > 0)
        {
            throw Problem.Unavailable("SPOOL_DRAINING", "Comments answered while the store was unreachable are still being stored; retry in a few seconds.");
        }

        var siteId = site.Site.SiteId;
        var found = await FindAsync(siteId, email, ip, cancellationToken).ConfigureAwait(false);
        var fingerprints = await store.FingerprintsAsync(siteId, [.. found.Keys], cancellationToken).ConfigureAwait(false);
        var erased = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (commentId, (stored, submission)) in found)
        {
            var fingerprint = fingerprints.GetValueOrDefault(commentId, "-");
            var (kept, assessment) = anonymise ? Anonymised(submission, stored.Assessment) : (null, null);
            if (await store.EraseCommentAsync(siteId, commentId, fingerprint, kept, assessment, cancellationToken).ConfigureAwait(false))
            {
                erased.Add(commentId);
            }
        }

        var examples = await store.RemoveExamplesAsync(siteId, erased, cancellationToken).ConfigureAwait(false);
        var events = 0;
        if (!anonymise)
        {
            events = await store.RemoveDecisionEventsAsync(siteId, erased, cancellationToken).ConfigureAwait(false);
            await store.RemoveDeadLettersAsync(siteId, erased, cancellationToken).ConfigureAwait(false);
        }
        // The raw strings as submitted were hashed, so every spelling of an IP the comments used is covered.
        var ipHashes = found.Values.Select(c => c.Submission.AuthorIp).Append(authorIp.Trim()).Append(ip?.ToString() ?? "")
            .Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).Select(s => hasher.Of(s));
        await store.DeletePersonKeysAsync(siteId, hasher.Of(email), ipHashes, cancellationToken).ConfigureAwait(false);
        if (examples > 0)
        {
            await RetrainAsync(siteId, cancellationToken).ConfigureAwait(false);
        }
        await store.AuditErasureAsync(siteId, actor, anonymise, erased.Count, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        LogErased(logger, siteId, erased.Count, examples, anonymise);
        return new ErasureResult(erased.Count, examples, events, ListsNaming(site.Site.Settings, email, ip));
    }

    // The erasure is done by now; a model that fails to train is reported in the log, not as a failed erasure.
    private async Task RetrainAsync(string siteId, CancellationToken cancellationToken)
    {
        try
        {
            // Null when fewer than ModelTrainer.MinExamples remain: the site's model, if it has one, stays (docs/privacy.md).
            await trainer.TrainAsync(siteId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not ProblemException)
        {
            LogRetrainFailed(logger, siteId, ex.GetType().Name);
        }
    }

    // The submissions of the site that carry the email, or come from the IP when one was given.
    private async Task<Dictionary<string, (StoredComment Stored, CommentSubmission Submission)>> FindAsync(string siteId, string email, IPAddress? ip, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, (StoredComment, CommentSubmission)>(StringComparer.Ordinal);
        foreach (var status in ModerationStore.Statuses)
        {
            long? after = null;
            while (true)
            {
                var page = await moderation.PageAsync(siteId, status, newestFirst: false, after, Chunk, cancellationToken).ConfigureAwait(false);
                if (page.Count == 0)
                {
                    break;
                }
                after = page[^1].Score;
                var records = await comments.GetManyAsync(siteId, [.. page.Select(p => p.CommentId)], cancellationToken).ConfigureAwait(false);
                foreach (var record in records)
                {
                    var submission = CommentSubmission.Parser.ParseFrom(record.Submission);
                    if (string.Equals(submission.AuthorEmail.Trim(), email, StringComparison.OrdinalIgnoreCase)
                        || (ip is not null && IPAddress.TryParse(submission.AuthorIp.Trim(), out var from) && Same(from, ip)))
                    {
                        found[record.CommentId] = (record, submission);
                    }
                }
            }
        }
        return found;
    }

    private static bool Same(IPAddress a, IPAddress b) =>
        (a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a).Equals(b.IsIPv4MappedToIPv6 ? b.MapToIPv4() : b);

    // What stays of an anonymised comment: the post, the ids and the text; of its assessment, the verdict and score
    // with evidence only from rules that read nothing but the text.
    private static (byte[] Submission, byte[] Assessment) Anonymised(CommentSubmission s, byte[] storedAssessment)
    {
        var assessment = Assessment.Parser.ParseFrom(storedAssessment);
        assessment.Hints.Clear();
        foreach (var hit in assessment.RuleHits)
        {
            var readsOnlyText = hit.RuleId.StartsWith("content.", StringComparison.Ordinal)
                || (hit.RuleId.StartsWith("links.", StringComparison.Ordinal) && hit.RuleId != "links.in_author_name");
            if (!readsOnlyText)
            {
                hit.Evidence = "";
            }
        }
        var kept = new CommentSubmission
        {
            HostCommentId = s.HostCommentId, PostId = s.PostId, Permalink = s.Permalink, PostTitle = s.PostTitle,
            ParentId = s.ParentId, Type = s.Type, Content = s.Content, Language = s.Language, FormRenderedAt = s.FormRenderedAt,
        };
        return (kept.ToByteArray(), assessment.ToByteArray());
    }

    private static List<string> ListsNaming(SiteSettings settings, string email, IPAddress? ip)
    {
        var lists = new List<string>();
        void Check(string name, IEnumerable<string> entries, Func<string, bool> names)
        {
            if (entries.Any(names))
            {
                lists.Add(name);
            }
        }
        bool IsEmail(string entry) => string.Equals(entry.Trim(), email, StringComparison.OrdinalIgnoreCase);
        bool IsIp(string entry) => ip is not null && (IPAddress.TryParse(entry.Trim(), out var a) ? Same(a, ip)
            : IPNetwork.TryParse(entry.Trim(), out var n) && n.PrefixLength == (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128) && n.Contains(ip));
        Check("blocked_emails", settings.BlockedEmails, IsEmail);
        Check("trusted_emails", settings.TrustedEmails, IsEmail);
        Check("premoderated_emails", settings.PremoderatedEmails, IsEmail);
        Check("blocked_ips", settings.BlockedIps, IsIp);
        Check("trusted_ips", settings.TrustedIps, IsIp);
        Check("premoderated_ips", settings.PremoderatedIps, IsIp);
        return lists;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retraining site {SiteId} after an erasure failed ({Error}); the next training round replaces its model.")]
    private static partial void LogRetrainFailed(ILogger logger, string siteId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Erased an author's data on site {SiteId}: {Comments} comments, {Examples} labeled examples (anonymised: {Anonymised}).")]
    private static partial void LogErased(ILogger logger, string siteId, int comments, int examples, bool anonymised);
}
