using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Moderation.Contracts.V1;
using Moderation.Core.Sites;
using Moderation.Server.Auth;
using Moderation.Server.Errors;
using Moderation.Server.Intake;
using Moderation.Server.Sites;
using Moderation.Server.Storage;
using Moderation.Server.Telemetry;
using CommentIds = Moderation.Server.Intake.CommentIds;

namespace Moderation.Server.Moderation;

/// <summary>ModerationService: moderators list, claim and decide comments of the sites their key covers.</summary>
public sealed class ModerationGrpcService(
    SiteCatalog sites,
    SiteStore siteStore,
    CommentStore comments,
    ModerationStore store,
    CommentDecider decider,
    CommentQuery query,
    QueueEvents queueEvents,
    TimeProvider time,
    ILogger<ModerationGrpcService> logger) : ModerationService.ModerationServiceBase
{
    public const int MaxClaim = 100;
    public const int MaxBatchIds = 1_000;
    public const int MaxBatchFilter = 10_000;
    private static readonly TimeSpan DefaultLease = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MinLease = TimeSpan.FromSeconds(1);

    public override async Task<ListCommentsResponse> ListComments(ListCommentsRequest request, ServerCallContext context)
    {
        var site = await sites.ResolveAsync(request.SiteId, context).ConfigureAwait(false);
        var matcher = CommentMatcher.From(request.Filter, "filter");
        var pageSize = request.PageSize switch
        {
            < 0 => throw RpcErrors.InvalidArgument("INVALID_PAGE_SIZE", "page_size", "Must not be negative."),
            0 => CommentQuery.DefaultPageSize,
            _ => Math.Min(request.PageSize, CommentQuery.MaxPageSize),
        };
        var order = request.Order switch
        {
            SortOrder.Unspecified or SortOrder.NewestFirst => true,
            SortOrder.OldestFirst => false,
            _ => throw RpcErrors.InvalidArgument("INVALID_ORDER", "order", "Choose NEWEST_FIRST or OLDEST_FIRST."),
        };
        var page = await query.ListAsync(site, matcher, order, pageSize, request.PageToken, context.CancellationToken).ConfigureAwait(false);
        var response = new ListCommentsResponse { NextPageToken = page.NextPageToken };
        response.Comments.AddRange(page.Comments);
        return response;
    }

    public override async Task<ClaimCommentsResponse> ClaimComments(ClaimCommentsRequest request, ServerCallContext context)
    {
        var site = await sites.ResolveAsync(request.SiteId, context).ConfigureAwait(false);
        var queue = Queue(request.Queue, "queue");
        var problems = new List<(string, string)>();
        if (request.Count is < 0 or > MaxClaim)
        {
            problems.Add(("count", $"Claim 1 to {MaxClaim} comments."));
        }
        var lease = request.Lease is null ? DefaultLease : request.Lease.ToTimeSpan();
        if (lease < MinLease || lease > ModerationStore.MaxLease)
        {
            problems.Add(("lease", $"A lease lasts from {MinLease.TotalSeconds:0} second to {ModerationStore.MaxLease.TotalMinutes:0} minutes."));
        }
        if (problems.Count > 0)
        {
            throw RpcErrors.InvalidArgument("INVALID_CLAIM", "The claim has fields to correct.", problems);
        }
        var siteId = site.Site.SiteId;
        var consumer = context.GetCaller().KeyId;
        var (expires, entries) = await store.ClaimAsync(siteId, (int)queue, consumer, request.Count == 0 ? 10 : request.Count, lease, context.CancellationToken).ConfigureAwait(false);
        var records = (await comments.GetManyAsync(siteId, [.. entries.Select(e => e.CommentId)], context.CancellationToken).ConfigureAwait(false))
            .ToDictionary(r => r.CommentId, StringComparer.Ordinal);
        var response = new ClaimCommentsResponse { LeaseExpiresAt = Timestamp.FromDateTimeOffset(expires) };
        var stale = new List<string>();
        foreach (var entry in entries)
        {
            // An entry whose comment expired or was decided without a claim must not be handed out again.
            if (records.TryGetValue(entry.CommentId, out var stored) && stored.Status == (int)queue && stored.QueueEntryId == entry.EntryId)
            {
                response.Comments.Add(CommentGrpcService.ToComment(siteId, stored));
            }
            else
            {
                stale.Add(entry.EntryId);
            }
        }
        await store.AcknowledgeAsync(siteId, (int)queue, stale, context.CancellationToken).ConfigureAwait(false);
        return response;
    }

    public override async Task<ReleaseCommentsResponse> ReleaseComments(ReleaseCommentsRequest request, ServerCallContext context)
    {
        var site = await sites.ResolveAsync(request.SiteId, context).ConfigureAwait(false);
        var ids = CheckIds(request.CommentIds, "comment_ids", MaxClaim);
        var siteId = site.Site.SiteId;
        var records = await comments.GetManyAsync(siteId, ids, context.CancellationToken).ConfigureAwait(false);
        var consumer = context.GetCaller().KeyId;
        var released = 0;
        foreach (var group in records.Where(r => r.QueueEntryId.Length > 0).GroupBy(r => r.Status))
        {
            released += await store.ReleaseAsync(siteId, group.Key, consumer, [.. group.Select(r => new QueueEntry(r.QueueEntryId, r.CommentId))], context.CancellationToken).ConfigureAwait(false);
        }
        return new ReleaseCommentsResponse { ReleasedCount = released };
    }

    public override async Task<ModerateCommentResponse> ModerateComment(ModerateCommentRequest request, ServerCallContext context)
    {
        var site = await sites.ResolveAsync(request.SiteId, context).ConfigureAwait(false);
        var commentId = CheckIds([request.CommentId], "comment_id", 1)[0];
        CommentDecider.NewStatus(request.Action);
        CommentDecider.EnsureValidNote(request.Note);
        CheckExpected(request.ExpectedStatus, "expected_status");
        var outcome = await decider.DecideAsync(site, commentId, request.Action, request.ExpectedStatus, context.GetCaller().KeyId, request.Note, context.CancellationToken).ConfigureAwait(false);
        if (outcome.Result is DecisionResult.Decided or DecisionResult.Unchanged)
        {
            return new ModerateCommentResponse { Comment = outcome.Comment };
        }
        throw CommentDecider.ToError(outcome);
    }

    public override async Task<BatchModerateCommentsResponse> BatchModerateComments(BatchModerateCommentsRequest request, ServerCallContext context)
    {
        var site = await sites.ResolveAsync(request.SiteId, context).ConfigureAwait(false);
        CommentDecider.NewStatus(request.Action);
        CommentDecider.EnsureValidNote(request.Note);
        CheckExpected(request.ExpectedStatus, "expected_status");
        List<string> ids;
        var expected = request.ExpectedStatus;
        switch (request.SelectionCase)
        {
            case BatchModerateCommentsRequest.SelectionOneofCase.CommentIds:
                ids = CheckIds(request.CommentIds.Ids, "comment_ids.ids", MaxBatchIds);
                break;
            case BatchModerateCommentsRequest.SelectionOneofCase.Filter:
                var matcher = CommentMatcher.From(request.Filter, "filter");
                if (expected == CommentStatus.Unspecified)
                {
                    expected = matcher.Status;
                }
                ids = [.. (await query.AllAsync(site, matcher, MaxBatchFilter, context.CancellationToken).ConfigureAwait(false)).Select(c => c.CommentId)];
                break;
            default:
                throw RpcErrors.InvalidArgument("SELECTION_REQUIRED", "comment_ids", "Select comments by comment_ids or filter.");
        }

        var results = await decider.DecideManyAsync(site, ids, request.Action, expected, context.GetCaller().KeyId, request.Note, context.CancellationToken).ConfigureAwait(false);

        var response = new BatchModerateCommentsResponse();
        for (var i = 0; i < ids.Count; i++)
        {
            switch (results[i].Result)
            {
                case DecisionResult.Decided or DecisionResult.Unchanged:
                    response.DecidedIds.Add(ids[i]);
                    break;
                case DecisionResult.NotFound or DecisionResult.NotKept:
                    response.NotFoundIds.Add(ids[i]);
                    break;
                default:
                    response.ConflictedIds.Add(ids[i]);
                    break;
            }
        }
        return response;
    }

    public override async Task WatchQueue(WatchQueueRequest request, IServerStreamWriter<WatchQueueResponse> responseStream, ServerCallContext context)
    {
        var site = await sites.ResolveAsync(request.SiteId, context).ConfigureAwait(false);
        var subscription = await queueEvents.SubscribeAsync(site.Site.SiteId).ConfigureAwait(false);
        try
        {
            // Headers go out at once, so a client knows the watch is live before the first event.
            await context.WriteResponseHeadersAsync([]).ConfigureAwait(false);
            while (!context.CancellationToken.IsCancellationRequested)
            {
                var message = await subscription.ReadAsync(context.CancellationToken).ConfigureAwait(false);
                if (QueueEvents.Parse(message.Message) is { } e)
                {
                    await responseStream.WriteAsync(e, context.CancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            await subscription.UnsubscribeAsync().ConfigureAwait(false);
        }
    }

    public override async Task<GetQueueStatsResponse> GetQueueStats(GetQueueStatsRequest request, ServerCallContext context)
    {
        var site = await sites.ResolveAsync(request.SiteId, context).ConfigureAwait(false);
        var storage = site.Storage;
        var retention = new Dictionary<int, TimeSpan>
        {
            [1] = storage.Retention,
            [2] = storage.Retention,
            [3] = storage.SpamRetention,
            [4] = StoragePolicy.DiscardRetention,
            [5] = storage.Retention,
        };
        var now = time.GetUtcNow();
        var counts = await store.CountAsync(site.Site.SiteId, retention, now, 7, context.CancellationToken).ConfigureAwait(false);
        var response = new GetQueueStatsResponse { ClaimedCount = counts.Claimed, DeadWebhookCount = counts.DeadWebhooks };
        foreach (var (status, count) in counts.PerStatus)
        {
            response.StatusCounts[StatusNames.Of(status)] = count;
        }
        if (counts.OldestPending is { } oldest)
        {
            response.OldestPendingAge = Duration.FromTimeSpan(now - oldest > TimeSpan.Zero ? now - oldest : TimeSpan.Zero);
        }
        foreach (var (day, values) in counts.Daily)
        {
            var daily = new DailyDecisions { Day = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) };
            foreach (var (field, value) in values)
            {
                // Verdicts are stored under their number, moderator decisions as "decision:<action>".
                var name = int.TryParse(field, System.Globalization.CultureInfo.InvariantCulture, out var verdict) ? StatusNames.Of(verdict) : field;
                daily.Counts[name] = value;
            }
            response.Daily.Add(daily);
        }
        return response;
    }

    public override async Task<SetAuthorStatusResponse> SetAuthorStatus(SetAuthorStatusRequest request, ServerCallContext context)
    {
        var site = await sites.ResolveAsync(request.SiteId, context).ConfigureAwait(false);
        var siteId = site.Site.SiteId;
        if (!System.Enum.IsDefined(request.Status))
        {
            throw RpcErrors.InvalidArgument("INVALID_AUTHOR_STATUS", "status", "Choose TRUSTED, BLOCKED, PREMODERATED, or UNSPECIFIED to clear.");
        }
        if (request.RemovePending && request.Status != AuthorStatus.Blocked)
        {
            throw RpcErrors.InvalidArgument("REMOVE_PENDING_NEEDS_BLOCK", "remove_pending", "Only blocking an author removes their pending comments.");
        }
        string entry;
        bool isEmail;
        switch (request.AuthorCase)
        {
            case SetAuthorStatusRequest.AuthorOneofCase.AuthorEmail when request.AuthorEmail.Trim() is { Length: > 0 and <= 254 } email && email.Contains('@', StringComparison.Ordinal):
                entry = email.ToLowerInvariant();
                isEmail = true;
                break;
            case SetAuthorStatusRequest.AuthorOneofCase.AuthorEmail:
                throw RpcErrors.InvalidArgument("INVALID_AUTHOR", "author_email", "Give the author's email address.");
            case SetAuthorStatusRequest.AuthorOneofCase.AuthorIp when IpList.TryParseEntry(request.AuthorIp, out _):
                entry = request.AuthorIp.Trim();
                isEmail = false;
                break;
            case SetAuthorStatusRequest.AuthorOneofCase.AuthorIp:
                throw RpcErrors.InvalidArgument("INVALID_AUTHOR", "author_ip", "Give an IP address or a CIDR range.");
            default:
                throw RpcErrors.InvalidArgument("AUTHOR_REQUIRED", "author_email", "Name the author by author_email or author_ip.");
        }

        var stored = await siteStore.GetAsync(siteId, context.CancellationToken).ConfigureAwait(false)
            ?? throw RpcErrors.NotFound("SITE_NOT_FOUND", $"Site '{siteId}' does not exist.");
        var settings = SiteSettings.Parser.ParseFrom(stored.Settings);
        var lists = isEmail
            ? new[] { (AuthorStatus.Trusted, settings.TrustedEmails), (AuthorStatus.Blocked, settings.BlockedEmails), (AuthorStatus.Premoderated, settings.PremoderatedEmails) }
            : new[] { (AuthorStatus.Trusted, settings.TrustedIps), (AuthorStatus.Blocked, settings.BlockedIps), (AuthorStatus.Premoderated, settings.PremoderatedIps) };
        foreach (var (status, list) in lists)
        {
            for (var i = list.Count - 1; i >= 0; i--)
            {
                if (string.Equals(list[i].Trim(), entry, StringComparison.OrdinalIgnoreCase))
                {
                    list.RemoveAt(i);
                }
            }
            if (status == request.Status)
            {
                if (list.Count >= SiteSettingsMapper.MaxListEntries)
                {
                    throw RpcErrors.FailedPrecondition("LIST_FULL", $"The site's list already holds {SiteSettingsMapper.MaxListEntries} entries.");
                }
                list.Add(entry);
            }
        }
        await siteStore.UpdateAsync(stored with { Settings = settings.ToByteArray(), Updated = time.GetUtcNow() }, context.CancellationToken).ConfigureAwait(false);
        sites.Invalidate(siteId);

        var removed = 0;
        if (request.RemovePending)
        {
            var filter = isEmail ? new CommentFilter { Status = CommentStatus.Pending, AuthorEmail = entry } : new CommentFilter { Status = CommentStatus.Pending, AuthorIp = entry };
            var pending = await query.AllAsync(site, CommentMatcher.From(filter, "author"), MaxBatchFilter, context.CancellationToken).ConfigureAwait(false);
            var outcomes = await decider.DecideManyAsync(site, [.. pending.Select(c => c.CommentId)], ModerationAction.Spam, CommentStatus.Pending,
                context.GetCaller().KeyId, "author blocked", context.CancellationToken).ConfigureAwait(false);
            removed = outcomes.Count(o => o.Result == DecisionResult.Decided);
        }
        Log.AuthorStatusChanged(logger, siteId, request.Status.ToString(), context.GetCaller().KeyId, removed);
        return new SetAuthorStatusResponse { RemovedPendingCount = removed };
    }

    private static CommentStatus Queue(CommentStatus requested, string field) => requested switch
    {
        CommentStatus.Unspecified or CommentStatus.Pending => CommentStatus.Pending,
        CommentStatus.Spam => CommentStatus.Spam,
        _ => throw RpcErrors.InvalidArgument("INVALID_QUEUE", field, "Claim from the PENDING or the SPAM queue."),
    };

    private static List<string> CheckIds(IList<string> ids, string field, int max)
    {
        var problems = new List<(string, string)>();
        if (ids.Count == 0 || ids.Count > max)
        {
            problems.Add((field, $"Give 1 to {max} comment ids."));
        }
        for (var i = 0; i < ids.Count && problems.Count < 20; i++)
        {
            if (!CommentIds.IsWellFormed(ids[i]))
            {
                problems.Add((max == 1 ? field : $"{field}[{i}]", CommentIds.Malformed));
            }
        }
        if (problems.Count > 0)
        {
            throw RpcErrors.InvalidArgument("INVALID_COMMENT_ID", "The comment ids have entries to correct.", problems);
        }
        return [.. ids.Distinct(StringComparer.Ordinal)];
    }

    private static void CheckExpected(CommentStatus status, string field)
    {
        if (!System.Enum.IsDefined(status))
        {
            throw RpcErrors.InvalidArgument("INVALID_STATUS", field, "Unknown status.");
        }
    }
}
