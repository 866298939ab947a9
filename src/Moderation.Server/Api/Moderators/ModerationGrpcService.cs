using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Moderation.Contracts.V1;
using Moderation.Core.Sites;
using Moderation.Server.Api.Auth;
using Moderation.Server.Api.Mapping;
using Moderation.Server.Api.Streams;
using Moderation.Server.Moderators;
using Moderation.Server.Problems;
using Moderation.Server.Sites;
using Moderation.Server.Storage;

namespace Moderation.Server.Api.Moderators;

/// <summary>ModerationService: moderators list, claim and decide comments of the sites their key covers.</summary>
public sealed class ModerationGrpcService(
    SiteCatalog sites,
    CommentDecider decider,
    CommentQuery query,
    QueueClaims claims,
    QueueStats stats,
    AuthorStandings authors,
    FilterReport filterReport,
    QueueEventChannel queueEvents,
    StreamShutdown streams) : ModerationService.ModerationServiceBase
{
    public const int MaxBatchIds = 1_000;
    public const int MaxBatchFilter = 10_000;
    private const int MaxEmailLength = 254;

    public override async Task<ListCommentsResponse> ListComments(ListCommentsRequest request, ServerCallContext context)
    {
        var site = await ResolveAsync(request.SiteId, context).ConfigureAwait(false);
        var criteria = FilterMapper.ToCriteria(request.Filter, "filter");
        var pageSize = RequestChecks.PageSize(request.PageSize, CommentQuery.DefaultPageSize, CommentQuery.MaxPageSize);
        var newestFirst = request.Order switch
        {
            SortOrder.Unspecified or SortOrder.NewestFirst => true,
            SortOrder.OldestFirst => false,
            _ => throw Problem.InvalidArgument("INVALID_ORDER", "order", "Choose NEWEST_FIRST or OLDEST_FIRST."),
        };
        var page = await query.ListAsync(site, criteria, newestFirst, pageSize, request.PageToken, context.CancellationToken).ConfigureAwait(false);
        var response = new ListCommentsResponse { NextPageToken = page.NextPageToken };
        response.Comments.AddRange(page.Comments);
        return response;
    }

    public override async Task<ClaimCommentsResponse> ClaimComments(ClaimCommentsRequest request, ServerCallContext context)
    {
        var site = await ResolveAsync(request.SiteId, context).ConfigureAwait(false);
        var queue = Queue(request.Queue, "queue");
        var problems = new List<(string, string)>();
        if (request.Count is < 0 or > QueueClaims.MaxCount)
        {
            problems.Add(("count", $"Claim 1 to {QueueClaims.MaxCount} comments."));
        }
        var lease = request.Lease is null ? QueueClaims.DefaultLease : RequestChecks.TimeSpanOf(request.Lease) ?? TimeSpan.MinValue;
        if (lease < QueueClaims.MinLease || lease > QueueClaims.MaxLease)
        {
            problems.Add(("lease", $"A lease lasts from {QueueClaims.MinLease.TotalSeconds:0} second to {QueueClaims.MaxLease.TotalMinutes:0} minutes."));
        }
        if (problems.Count > 0)
        {
            throw Problem.InvalidArgument("INVALID_CLAIM", "The claim has fields to correct.", problems);
        }
        var count = request.Count == 0 ? QueueClaims.DefaultCount : request.Count;
        var (expires, claimed) = await claims.ClaimAsync(site, queue, context.GetCaller().KeyId, count, lease, context.CancellationToken).ConfigureAwait(false);
        var response = new ClaimCommentsResponse { LeaseExpiresAt = Timestamp.FromDateTimeOffset(expires) };
        response.Comments.AddRange(claimed);
        return response;
    }

    public override async Task<ReleaseCommentsResponse> ReleaseComments(ReleaseCommentsRequest request, ServerCallContext context)
    {
        var site = await ResolveAsync(request.SiteId, context).ConfigureAwait(false);
        var ids = RequestChecks.CommentIdList(request.CommentIds, "comment_ids", QueueClaims.MaxCount);
        var released = await claims.ReleaseAsync(site, ids, context.GetCaller().KeyId, context.CancellationToken).ConfigureAwait(false);
        return new ReleaseCommentsResponse { ReleasedCount = released };
    }

    public override async Task<ModerateCommentResponse> ModerateComment(ModerateCommentRequest request, ServerCallContext context)
    {
        var site = await ResolveAsync(request.SiteId, context).ConfigureAwait(false);
        var commentId = RequestChecks.CommentIdList([request.CommentId], "comment_id", 1)[0];
        var decision = RequestChecks.DecisionOf(request.Action);
        RequestChecks.Note(request.Note);
        RequestChecks.ExpectedStatus(request.ExpectedStatus, "expected_status");
        var outcome = await decider.DecideAsync(site, commentId, decision, request.ExpectedStatus, context.GetCaller().KeyId, request.Note, context.CancellationToken).ConfigureAwait(false);
        return outcome.Applied ? new ModerateCommentResponse { Comment = outcome.Comment } : throw outcome.ToProblem();
    }

    public override async Task<BatchModerateCommentsResponse> BatchModerateComments(BatchModerateCommentsRequest request, ServerCallContext context)
    {
        var site = await ResolveAsync(request.SiteId, context).ConfigureAwait(false);
        var decision = RequestChecks.DecisionOf(request.Action);
        RequestChecks.Note(request.Note);
        var expected = RequestChecks.ExpectedStatus(request.ExpectedStatus, "expected_status");
        List<string> ids;
        switch (request.SelectionCase)
        {
            case BatchModerateCommentsRequest.SelectionOneofCase.CommentIds:
                ids = RequestChecks.CommentIdList(request.CommentIds.Ids, "comment_ids.ids", MaxBatchIds);
                break;
            case BatchModerateCommentsRequest.SelectionOneofCase.Filter:
                var criteria = FilterMapper.ToCriteria(request.Filter, "filter");
                if (expected == CommentStatus.Unspecified)
                {
                    expected = criteria.Status;
                }
                ids = [.. (await query.AllAsync(site, criteria, MaxBatchFilter, context.CancellationToken).ConfigureAwait(false)).Select(c => c.CommentId)];
                break;
            default:
                throw Problem.InvalidArgument("SELECTION_REQUIRED", "comment_ids", "Select comments by comment_ids or filter.");
        }

        var results = await decider.DecideManyAsync(site, ids, decision, expected, context.GetCaller().KeyId, request.Note, context.CancellationToken).ConfigureAwait(false);
        var response = new BatchModerateCommentsResponse();
        for (var i = 0; i < ids.Count; i++)
        {
            var list = results[i].Result switch
            {
                DecisionResult.Decided or DecisionResult.Unchanged => response.DecidedIds,
                DecisionResult.NotFound or DecisionResult.NotKept => response.NotFoundIds,
                _ => response.ConflictedIds,
            };
            list.Add(ids[i]);
        }
        return response;
    }

    public override async Task WatchQueue(WatchQueueRequest request, IServerStreamWriter<WatchQueueResponse> responseStream, ServerCallContext context)
    {
        var site = await ResolveAsync(request.SiteId, context).ConfigureAwait(false);
        await streams.RunAsync(context, async ct =>
        {
            await using var subscription = await queueEvents.SubscribeAsync(site.Site.SiteId).ConfigureAwait(false);
            // Headers go out at once, so a client knows the watch is live before the first event.
            await context.WriteResponseHeadersAsync([]).ConfigureAwait(false);
            await foreach (var e in subscription.ReadAllAsync(ct).ConfigureAwait(false))
            {
                await responseStream.WriteAsync(new WatchQueueResponse
                {
                    Event = e.Event,
                    CommentId = e.CommentId,
                    Status = (CommentStatus)e.Status,
                    Time = Timestamp.FromDateTimeOffset(e.Time),
                    Actor = e.Actor,
                }, ct).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }

    public override async Task<GetQueueStatsResponse> GetQueueStats(GetQueueStatsRequest request, ServerCallContext context)
    {
        var site = await ResolveAsync(request.SiteId, context).ConfigureAwait(false);
        var s = await stats.GetAsync(site, context.CancellationToken).ConfigureAwait(false);
        var response = new GetQueueStatsResponse { ClaimedCount = s.Claimed, DeadWebhookCount = s.DeadWebhooks };
        foreach (var (status, count) in s.StatusCounts)
        {
            response.StatusCounts[status] = count;
        }
        if (s.OldestPendingAge is { } age)
        {
            response.OldestPendingAge = Duration.FromTimeSpan(age);
        }
        foreach (var (day, counts) in s.Daily)
        {
            var daily = new DailyDecisions { Day = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) };
            foreach (var (name, count) in counts)
            {
                daily.Counts[name] = count;
            }
            response.Daily.Add(daily);
        }
        return response;
    }

    public override async Task<SetAuthorStatusResponse> SetAuthorStatus(SetAuthorStatusRequest request, ServerCallContext context)
    {
        var site = await ResolveAsync(request.SiteId, context).ConfigureAwait(false);
        if (!System.Enum.IsDefined(request.Status))
        {
            throw Problem.InvalidArgument("INVALID_AUTHOR_STATUS", "status", "Choose TRUSTED, BLOCKED, PREMODERATED, or UNSPECIFIED to clear.");
        }
        if (request.RemovePending && request.Status != AuthorStatus.Blocked)
        {
            throw Problem.InvalidArgument("REMOVE_PENDING_NEEDS_BLOCK", "remove_pending", "Only blocking an author removes their pending comments.");
        }
        var (author, isEmail) = request.AuthorCase switch
        {
            SetAuthorStatusRequest.AuthorOneofCase.AuthorEmail when request.AuthorEmail.Trim() is { Length: > 0 and <= MaxEmailLength } email && email.Contains('@', StringComparison.Ordinal)
                => (email.ToLowerInvariant(), true),
            SetAuthorStatusRequest.AuthorOneofCase.AuthorEmail => throw Problem.InvalidArgument("INVALID_AUTHOR", "author_email", "Give the author's email address."),
            SetAuthorStatusRequest.AuthorOneofCase.AuthorIp when IpList.TryParseEntry(request.AuthorIp, out _) => (request.AuthorIp.Trim(), false),
            SetAuthorStatusRequest.AuthorOneofCase.AuthorIp => throw Problem.InvalidArgument("INVALID_AUTHOR", "author_ip", "Give an IP address or a CIDR range."),
            _ => throw Problem.InvalidArgument("AUTHOR_REQUIRED", "author_email", "Name the author by author_email or author_ip."),
        };
        var removed = await authors.SetAsync(site, author, isEmail, (AuthorStanding)(int)request.Status, request.RemovePending, context.GetCaller().KeyId, context.CancellationToken).ConfigureAwait(false);
        return new SetAuthorStatusResponse { RemovedPendingCount = removed };
    }

    public override async Task<GetFilterReportResponse> GetFilterReport(GetFilterReportRequest request, ServerCallContext context)
    {
        var site = await ResolveAsync(request.SiteId, context).ConfigureAwait(false);
        var days = request.Days switch
        {
            0 => FilterReport.MaxDays,
            >= 1 and <= FilterReport.MaxDays => request.Days,
            _ => throw Problem.InvalidArgument("INVALID_DAYS", "days", $"Give 1 to {FilterReport.MaxDays} days, or 0 for {FilterReport.MaxDays}."),
        };
        var report = await filterReport.GetAsync(site, days, context.CancellationToken).ConfigureAwait(false);
        var response = new GetFilterReportResponse { Since = Timestamp.FromDateTimeOffset(report.Since), DecidedCount = report.DecidedCount };
        response.Verdicts.AddRange(report.Verdicts.Select(v => new VerdictReversal { Automatic = v.Automatic, Decided = v.Decided, Count = v.Count }));
        response.Rules.AddRange(report.Rules.Select(r => new RuleReport
        {
            RuleId = r.RuleId,
            DecidedCount = r.Decided,
            BlockedThenApproved = r.BlockedThenApproved,
            HeldThenApproved = r.HeldThenApproved,
            ApprovedThenSpam = r.ApprovedThenSpam,
            Confirmed = r.Confirmed,
        }));
        return response;
    }

    private Task<SiteEntry> ResolveAsync(string siteId, ServerCallContext context) =>
        sites.ResolveAsync(context.GetCaller(), siteId, context.CancellationToken);

    private static CommentStatus Queue(CommentStatus requested, string field) => requested switch
    {
        CommentStatus.Unspecified or CommentStatus.Pending => CommentStatus.Pending,
        CommentStatus.Spam => CommentStatus.Spam,
        _ => throw Problem.InvalidArgument("INVALID_QUEUE", field, "Claim from the PENDING or the SPAM queue."),
    };
}
