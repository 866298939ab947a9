using System.Net;
using Google.Protobuf;
using Moderation.Contracts.V1;
using Moderation.Server.Learning;
using Moderation.Server.Moderators;
using Moderation.Server.Problems;
using Moderation.Server.Sites;
using Moderation.Server.Storage;

namespace Moderation.Server.Privacy;

/// <summary>
/// Forgets a commenter on one site: finds their comments among all the site's records (an erasure reads every record
/// of the site once), removes their labeled examples and retrains the site's model without them, removes their
/// decision events and dead webhook letters, deletes what is kept under the hashes of their email, IPs and website,
/// then deletes or anonymises each comment with its queue and index entries, and leaves an audit entry that names no one.
/// </summary>
public sealed partial class AuthorErasure(
    CommentStore comments,
    ErasureStore store,
    KeyHasher hasher,
    CommentSpool spool,
    ModelTrainer trainer,
    ModelStore models,
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

        // Everything that names the comments goes first and the records last: the records are how a repeat finds the
        // comments again, so an erasure cut short (a timeout, an outage) is finished by calling it again.
        var siteId = site.Site.SiteId;
        var found = await FindAsync(siteId, email, ip, cancellationToken).ConfigureAwait(false);
        var ids = found.Keys.ToHashSet(StringComparer.Ordinal);
        var examples = await store.RemoveExamplesAsync(siteId, ids, cancellationToken).ConfigureAwait(false);
        await RetrainIfDueAsync(siteId, cancellationToken).ConfigureAwait(false);
        var events = 0;
        if (!anonymise)
        {
            events = await store.RemoveDecisionEventsAsync(siteId, ids, cancellationToken).ConfigureAwait(false);
            await store.RemoveDeadLettersAsync(siteId, ids, cancellationToken).ConfigureAwait(false);
        }
        // The raw strings as submitted were hashed, so every spelling of an IP the comments used is covered.
        var ips = found.Values.Select(c => c.Submission.AuthorIp).Append(authorIp.Trim()).Append(ip?.ToString() ?? "")
            .Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var hosts = found.Values.Select(c => CommentDecider.UrlHost(c.Submission.AuthorUrl)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        await store.DeletePersonKeysAsync(siteId, [hasher.Of(email), KeyHasher.Unkeyed(email)],
            [.. ips.Select(s => hasher.Of(s)), .. ips.Select(KeyHasher.Unkeyed)],
            [.. hosts.Select(h => hasher.Of(h)), .. hosts.Select(KeyHasher.Unkeyed)], cancellationToken).ConfigureAwait(false);

        var fingerprints = await store.FingerprintsAsync(siteId, [.. ids], cancellationToken).ConfigureAwait(false);
        var erased = 0;
        foreach (var (commentId, (stored, submission)) in found)
        {
            var fingerprint = fingerprints.GetValueOrDefault(commentId, "-");
            var (kept, assessment) = anonymise ? Anonymised(submission, stored.Assessment) : (null, null);
            if (await store.EraseCommentAsync(siteId, commentId, fingerprint, kept, assessment, actor, time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
            {
                erased++;
            }
        }
        await store.AuditErasureAsync(siteId, actor, anonymise, erased, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        LogErased(logger, siteId, erased, examples, anonymise);
        return new ErasureResult(erased, examples, events, ListsNaming(site.Site.Settings, email, ip));
    }

    // Retrains under the trainers' lock, so that no background round that read the examples before they were removed
    // saves its model afterwards, and replaces the model even though the newest example it saw is gone. The mark
    // that a retrain is due outlives a failed call, so a repeat retrains even with no example left to remove.
    private async Task RetrainIfDueAsync(string siteId, CancellationToken cancellationToken)
    {
        if (!await store.IsRetrainDueAsync(siteId, cancellationToken).ConfigureAwait(false))
        {
            return;
        }
        var waited = time.GetTimestamp();
        string? token;
        while ((token = await models.TryLockAsync(siteId, ModelTrainingService.LockDuration).ConfigureAwait(false)) is null)
        {
            if (time.GetElapsedTime(waited) > TimeSpan.FromSeconds(10))
            {
                throw Problem.Unavailable("MODEL_TRAINING", "The site's model is being trained; retry the erasure in a few seconds to finish it.");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200), time, cancellationToken).ConfigureAwait(false);
        }
        try
        {
            // Null when fewer than ModelTrainer.MinExamples remain: the site's model, if it has one, stays (docs/privacy.md).
            await trainer.TrainAsync(siteId, cancellationToken, replaceNewer: true).ConfigureAwait(false);
            await store.ClearRetrainDueAsync(siteId, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await models.ReleaseLockAsync(siteId, token).ConfigureAwait(false);
        }
    }

    // The submissions of the site that carry the email, or come from the IP when one was given: every record of the
    // site, whatever index it is in or whether any (a record outlives its index entry when retention is shortened).
    private async Task<Dictionary<string, (StoredComment Stored, CommentSubmission Submission)>> FindAsync(string siteId, string email, IPAddress? ip, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, (StoredComment, CommentSubmission)>(StringComparer.Ordinal);
        await foreach (var chunk in store.CommentIdsAsync(siteId, Chunk, cancellationToken).ConfigureAwait(false))
        {
            foreach (var record in await comments.GetManyAsync(siteId, chunk, cancellationToken).ConfigureAwait(false))
            {
                var submission = CommentSubmission.Parser.ParseFrom(record.Submission);
                if (string.Equals(submission.AuthorEmail.Trim(), email, StringComparison.OrdinalIgnoreCase)
                    || (ip is not null && IPAddress.TryParse(submission.AuthorIp.Trim(), out var from) && Same(from, ip)))
                {
                    found[record.CommentId] = (record, submission);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Erased an author's data on site {SiteId}: {Comments} comments, {Examples} labeled examples (anonymised: {Anonymised}).")]
    private static partial void LogErased(ILogger logger, string siteId, int comments, int examples, bool anonymised);
}
