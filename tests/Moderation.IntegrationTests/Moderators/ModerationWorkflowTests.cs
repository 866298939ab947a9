using Grpc.Core;
using Moderation.Contracts.V1;
using Moderation.IntegrationTests.Infrastructure;
using Moderation.Server.Storage;

namespace Moderation.IntegrationTests.Moderators;

public sealed class ModerationWorkflowTests(ServiceFixture fixture) : IClassFixture<ServiceFixture>, IDisposable
{
    // Some tests post several comments from one author; the flood check would refuse those.
    private static SiteSettings HoldAll => new() { ModerationMode = ModerationMode.All, FloodSeconds = 0 };

    [Fact]
    public async Task TwoModeratorsClaimingConcurrently_NeverGetTheSameComment()
    {
        var site = await fixture.CreateSiteAsync(HoldAll);
        var ids = await site.SubmitPendingAsync(30);
        var alice = await site.ModeratorAsync();
        var bob = await site.ModeratorAsync();

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? alice : bob).ClaimAsync(5)));

        var claimed = claims.SelectMany(c => c.Comments).Select(c => c.CommentId).ToList();
        Assert.Equal(claimed.Count, claimed.Distinct().Count());
        Assert.Equal(30, claimed.Count);
        Assert.Equal(ids.Order(), claimed.Order());
        Assert.Empty((await alice.ClaimAsync(5)).Comments);
    }

    [Fact]
    public async Task AnExpiredLease_ReturnsTheCommentToTheQueue_AndAReleasedOneReturnsAtOnce()
    {
        var site = await fixture.CreateSiteAsync(HoldAll);
        var ids = await site.SubmitPendingAsync(2);
        var alice = await site.ModeratorAsync();
        var bob = await site.ModeratorAsync();

        var first = await alice.ClaimAsync(1, TimeSpan.FromSeconds(1));
        var second = await alice.ClaimAsync(1, TimeSpan.FromMinutes(10));
        Assert.Empty((await bob.ClaimAsync(5)).Comments);

        var released = await alice.Client.ReleaseCommentsAsync(new ReleaseCommentsRequest { SiteId = site.SiteId, CommentIds = { second.Comments[0].CommentId } }, alice.Auth);
        Assert.Equal(1, released.ReleasedCount);
        Assert.Equal(second.Comments[0].CommentId, Assert.Single((await bob.ClaimAsync(5)).Comments).CommentId);

        await Task.Delay(TimeSpan.FromSeconds(1.3));
        var reclaimed = await bob.ClaimAsync(5);
        Assert.Equal(first.Comments[0].CommentId, Assert.Single(reclaimed.Comments).CommentId);
        Assert.Equal(ids.Order(), new[] { first.Comments[0].CommentId, second.Comments[0].CommentId }.Order());
    }

    [Fact]
    public async Task Requeue_UndoesADecision_ReturnsTheCommentToTheQueue_AndWithdrawsItsLabel()
    {
        var site = await fixture.CreateSiteAsync(HoldAll);
        var ids = await site.SubmitPendingAsync(10, i => Comments.Clean(i % 2 == 0 ? $"Thanks for the report on the harbour vote, part {i}." : $"Cheap pills and casino bonus number {i}, click now"));
        var alice = await site.ModeratorAsync();
        var bob = await site.ModeratorAsync();
        for (var i = 0; i < ids.Count; i++)
        {
            await alice.DecideAsync(ids[i], i % 2 == 0 ? ModerationAction.Approve : ModerationAction.Spam);
        }

        var undone = await alice.DecideAsync(ids[0], ModerationAction.Requeue, CommentStatus.Approved);

        Assert.Equal(CommentStatus.Pending, undone.Status);
        Assert.Equal("requeue", undone.History[^1].Action);
        // Back in the queue: a colleague's claim gets it.
        Assert.Equal(ids[0], Assert.Single((await bob.ClaimAsync(5)).Comments).CommentId);
        // Ten labels less the withdrawn one is below the ten training needs.
        var training = await Assert.ThrowsAsync<RpcException>(() => fixture.Admin.TrainModelAsync(new TrainModelRequest { SiteId = site.SiteId }, ServiceFixture.Bearer(ServiceFixture.AdminKey)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, training.StatusCode);
        // An undo applies only while the comment has the status its decision gave.
        var again = await Assert.ThrowsAsync<RpcException>(() => alice.DecideAsync(ids[1], ModerationAction.Requeue, CommentStatus.Approved));
        Assert.Equal(StatusCode.Aborted, again.StatusCode);
    }

    [Fact]
    public async Task ADecisionOnACommentSomeoneElseDecided_IsReportedAsAConflict()
    {
        var site = await fixture.CreateSiteAsync(HoldAll);
        var id = (await site.SubmitPendingAsync(1))[0];
        var alice = await site.ModeratorAsync();
        var bob = await site.ModeratorAsync();

        await alice.DecideAsync(id, ModerationAction.Approve, CommentStatus.Pending);
        var conflict = await Assert.ThrowsAsync<RpcException>(() => bob.DecideAsync(id, ModerationAction.Spam, CommentStatus.Pending));

        Assert.Equal(StatusCode.Aborted, conflict.StatusCode);
        Assert.Equal("STATUS_CHANGED", conflict.ErrorInfo().Reason);
        Assert.Equal(nameof(CommentStatus.Approved), conflict.ErrorInfo().Metadata["current_status"]);
        Assert.Equal(CommentStatus.Approved, (await site.GetAsync(id)).Status);
    }

    [Fact]
    public async Task ACommentUnderAnotherModeratorsLease_CannotBeDecidedByAColleague()
    {
        var site = await fixture.CreateSiteAsync(HoldAll);
        var id = (await site.SubmitPendingAsync(1))[0];
        var alice = await site.ModeratorAsync();
        var bob = await site.ModeratorAsync();
        await alice.ClaimAsync(1);

        var conflict = await Assert.ThrowsAsync<RpcException>(() => bob.DecideAsync(id, ModerationAction.Reject));
        var decided = await alice.DecideAsync(id, ModerationAction.Reject, note: "off topic");

        Assert.Equal("CLAIMED_BY_OTHER", conflict.ErrorInfo().Reason);
        Assert.Equal(alice.KeyId, conflict.ErrorInfo().Metadata["claimed_by"]);
        Assert.Equal(CommentStatus.Rejected, decided.Status);
    }

    [Fact]
    public async Task Decisions_AreInTheAuditTrail_AndMoveTheCommentBetweenQueuesAndListings()
    {
        var site = await fixture.CreateSiteAsync(HoldAll);
        var id = (await site.SubmitPendingAsync(1))[0];
        var alice = await site.ModeratorAsync();

        await alice.DecideAsync(id, ModerationAction.Spam, note: "link farm");
        var inSpam = await alice.ListAsync(new CommentFilter { Status = CommentStatus.Spam });
        var claimedFromSpam = await alice.ClaimAsync(5, queue: CommentStatus.Spam);
        await alice.DecideAsync(id, ModerationAction.NotSpam);
        var comment = await site.GetAsync(id);

        Assert.Equal(id, Assert.Single(inSpam.Comments).CommentId);
        Assert.Equal(id, Assert.Single(claimedFromSpam.Comments).CommentId);
        Assert.Empty((await alice.ListAsync()).Comments);
        Assert.Equal(id, Assert.Single((await alice.ListAsync(new CommentFilter { Status = CommentStatus.Approved })).Comments).CommentId);
        Assert.Equal(CommentStatus.Approved, comment.Status);
        Assert.Equal(["submitted", "spam", "not_spam"], comment.History.Select(h => h.Action));
        Assert.Equal([CommentStatus.Pending, CommentStatus.Spam, CommentStatus.Approved], comment.History.Select(h => h.Status));
        Assert.Equal("link farm", comment.History[1].Note);
        Assert.Equal(alice.KeyId, comment.History[1].Actor);
    }

    [Fact]
    public async Task BulkActions_ActOnExactlyTheSelectedComments()
    {
        var site = await fixture.CreateSiteAsync(HoldAll);
        var ids = await site.SubmitPendingAsync(6);
        var spammerIp = "203.0.113.77";
        var fromSpammer = await site.SubmitPendingAsync(3, i =>
        {
            var c = Comments.Clean($"Visit my page number {i} for great deals today.");
            c.AuthorIp = spammerIp;
            c.AuthorEmail = "deals@spam.example";
            return c;
        });
        var alice = await site.ModeratorAsync();
        var bob = await site.ModeratorAsync();
        await bob.DecideAsync(ids[2], ModerationAction.Reject);

        var byIds = await alice.Client.BatchModerateCommentsAsync(new BatchModerateCommentsRequest
        {
            SiteId = site.SiteId,
            Action = ModerationAction.Approve,
            ExpectedStatus = CommentStatus.Pending,
            CommentIds = new CommentIds { Ids = { ids[0], ids[1], ids[2], "0123456789abcdef01234567" } },
        }, alice.Auth);
        var byIp = await alice.Client.BatchModerateCommentsAsync(new BatchModerateCommentsRequest
        {
            SiteId = site.SiteId,
            Action = ModerationAction.Spam,
            Filter = new CommentFilter { Status = CommentStatus.Pending, AuthorIp = "203.0.113.0/24" },
        }, alice.Auth);

        Assert.Equal([ids[0], ids[1]], byIds.DecidedIds);
        Assert.Equal([ids[2]], byIds.ConflictedIds);
        Assert.Equal(["0123456789abcdef01234567"], byIds.NotFoundIds);
        Assert.Equal(fromSpammer.Order(), byIp.DecidedIds.Order());
        var pending = (await alice.ListAsync(pageSize: 100)).Comments.Select(c => c.CommentId).Order();
        Assert.Equal(ids.Skip(3).Order(), pending);
        Assert.Equal(CommentStatus.Rejected, (await site.GetAsync(ids[2])).Status);
    }

    [Fact]
    public async Task ListComments_SearchesAndPagesWithoutGapsOrRepeats()
    {
        var site = await fixture.CreateSiteAsync(HoldAll);
        var ids = await site.SubmitPendingAsync(7, i =>
        {
            var c = Comments.Clean(i % 2 == 0 ? $"Even comment {i} about gardening." : $"Odd comment {i} about cycling.");
            if (i == 3)
            {
                c.AuthorName = "Grace Hopper";
                c.AuthorEmail = "grace@navy.example";
            }
            return c;
        });
        var alice = await site.ModeratorAsync();

        var seen = new List<string>();
        var token = "";
        do
        {
            var page = await alice.ListAsync(order: SortOrder.OldestFirst, pageSize: 3, token: token);
            Assert.True(page.Comments.Count <= 3);
            seen.AddRange(page.Comments.Select(c => c.CommentId));
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        var newest = await alice.ListAsync(pageSize: 2);

        Assert.Equal(ids, seen);
        Assert.Equal([ids[6], ids[5]], newest.Comments.Select(c => c.CommentId));
        Assert.Equal(4, (await alice.ListAsync(new CommentFilter { Text = "GARDENING" }, pageSize: 50)).Comments.Count);
        Assert.Equal(ids[3], Assert.Single((await alice.ListAsync(new CommentFilter { AuthorEmail = "Grace@Navy.example" })).Comments).CommentId);
        Assert.Equal(ids[3], Assert.Single((await alice.ListAsync(new CommentFilter { AuthorName = "hopper" })).Comments).CommentId);
        Assert.Equal(7, (await alice.ListAsync(new CommentFilter { RuleId = "policy.moderate_all" })).Comments.Count);
        var badToken = await Assert.ThrowsAsync<RpcException>(() => alice.ListAsync(new CommentFilter { Status = CommentStatus.Spam }, token: Convert.ToBase64String("v1:2:n:1"u8.ToArray())));
        Assert.Equal("INVALID_PAGE_TOKEN", badToken.ErrorInfo().Reason);
    }

    [Fact]
    public async Task QueueStats_CountStatusesClaimsAndDecisions()
    {
        var site = await fixture.CreateSiteAsync(HoldAll);
        var ids = await site.SubmitPendingAsync(4);
        var alice = await site.ModeratorAsync();
        await alice.DecideAsync(ids[0], ModerationAction.Approve);
        await alice.DecideAsync(ids[1], ModerationAction.Spam);
        await alice.ClaimAsync(1);

        var stats = await alice.Client.GetQueueStatsAsync(new GetQueueStatsRequest { SiteId = site.SiteId }, alice.Auth);

        Assert.Equal(2, stats.StatusCounts["pending"]);
        Assert.Equal(1, stats.StatusCounts["approved"]);
        Assert.Equal(1, stats.StatusCounts["spam"]);
        Assert.Equal(1, stats.ClaimedCount);
        Assert.True(stats.OldestPendingAge.ToTimeSpan() < TimeSpan.FromMinutes(1));
        var today = stats.Daily[0];
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), today.Day);
        Assert.Equal(4, today.Counts["pending"]);
        Assert.Equal(1, today.Counts["decision:approve"]);
        Assert.Equal(1, today.Counts["decision:spam"]);
    }

    [Fact]
    public async Task WatchQueue_SeesCommentsEnterGetClaimedAndDecided()
    {
        var site = await fixture.CreateSiteAsync(HoldAll);
        var alice = await site.ModeratorAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var watch = alice.Client.WatchQueue(new WatchQueueRequest { SiteId = site.SiteId }, alice.Auth, cancellationToken: cts.Token);
        await watch.ResponseHeadersAsync;

        var id = (await site.SubmitPendingAsync(1))[0];
        await alice.ClaimAsync(1);
        await alice.DecideAsync(id, ModerationAction.Approve);

        var events = new List<WatchQueueResponse>();
        while (events.Count < 3 && await watch.ResponseStream.MoveNext(cts.Token))
        {
            events.Add(watch.ResponseStream.Current);
        }
        Assert.Equal(["entered", "claimed", "decided"], events.Select(e => e.Event));
        Assert.All(events, e => Assert.Equal(id, e.CommentId));
        Assert.Equal(CommentStatus.Approved, events[2].Status);
        Assert.Equal(alice.KeyId, events[2].Actor);
    }

    [Fact]
    public async Task BlockingAnAuthor_MarksTheirPendingCommentsSpam_AndHoldsNothingElse()
    {
        var site = await fixture.CreateSiteAsync(HoldAll);
        var others = await site.SubmitPendingAsync(2);
        var theirs = await site.SubmitPendingAsync(2, i =>
        {
            var c = Comments.Clean($"Buy followers, offer {i}.");
            c.AuthorEmail = "Seller@Spam.example";
            return c;
        });
        var alice = await site.ModeratorAsync();

        var blocked = await alice.Client.SetAuthorStatusAsync(new SetAuthorStatusRequest { SiteId = site.SiteId, AuthorEmail = "seller@spam.example", Status = AuthorStatus.Blocked, RemovePending = true }, alice.Auth);
        var again = Comments.Clean("Buy followers again.");
        again.AuthorEmail = "seller@spam.example";
        var next = await site.SubmitAsync(again);

        Assert.Equal(2, blocked.RemovedPendingCount);
        Assert.All(theirs, id => Assert.Equal(CommentStatus.Spam, site.GetAsync(id).Result.Status));
        Assert.Equal(others.Order(), (await alice.ListAsync()).Comments.Select(c => c.CommentId).Order());
        Assert.Equal(Verdict.Spam, next.Assessment.Verdict);
        var settings = (await fixture.Admin.GetSiteAsync(new GetSiteRequest { SiteId = site.SiteId }, ServiceFixture.Bearer(ServiceFixture.AdminKey))).Site.Settings;
        Assert.Contains("seller@spam.example", settings.BlockedEmails);
    }

    [Fact]
    public async Task PremoderatingAnAuthor_HoldsTheirNextComment()
    {
        var site = await fixture.CreateSiteAsync();
        var alice = await site.ModeratorAsync();
        Assert.Equal(Verdict.Approved, (await site.SubmitAsync(Comments.Clean())).Assessment.Verdict);

        await alice.Client.SetAuthorStatusAsync(new SetAuthorStatusRequest { SiteId = site.SiteId, AuthorIp = "192.0.2.0/24", Status = AuthorStatus.Premoderated }, alice.Auth);
        var comment = Comments.Clean();
        comment.AuthorIp = "192.0.2.15";
        var held = await site.SubmitAsync(comment);

        Assert.Equal(Verdict.Pending, held.Assessment.Verdict);
        Assert.Contains(held.Assessment.RuleHits, h => h.RuleId == "lists.premoderated_ip");
    }

    [Fact]
    public async Task Decisions_RecordLabeledExamples_AndAnApprovedAuthorIsTrustedNextTime()
    {
        var site = await fixture.CreateSiteAsync(new SiteSettings { ModerationMode = ModerationMode.FirstTime, FloodSeconds = 0 });
        var alice = await site.ModeratorAsync();
        var first = Comments.Clean("My first comment on this blog, hello everyone.");
        first.AuthorEmail = "newcomer@example.org";
        var firstId = (await site.SubmitAsync(first)).CommentId;
        Assert.Equal(CommentStatus.Pending, (await site.GetAsync(firstId)).Status);

        await alice.DecideAsync(firstId, ModerationAction.Approve);
        var second = Comments.Clean("Coming back with a follow-up question.");
        second.AuthorEmail = "newcomer@example.org";
        var next = await site.SubmitAsync(second);
        var spamId = (await site.SubmitAsync(Comments.Clean("Another first-timer."))).CommentId;
        await site.Fixture.Comments.ReportSpamAsync(new ReportSpamRequest { CommentId = spamId, Note = "missed spam" }, site.Auth);

        Assert.Equal(Verdict.Approved, next.Assessment.Verdict);
        var examples = await fixture.Db.StreamRangeAsync(RedisKeys.ExamplesOf(site.SiteId));
        Assert.Equal(2, examples.Length);
        Assert.Equal(["ham", "spam"], examples.Select(e => (string)e["l"]!));
        var labeled = CommentSubmission.Parser.ParseFrom((byte[])examples[0]["sub"]!);
        // An example keeps what training reads, and nothing that identifies the commenter.
        Assert.Equal(new CommentSubmission { Content = first.Content, AuthorName = first.AuthorName }, labeled);
        Assert.InRange((await fixture.Db.KeyTimeToLiveAsync(RedisKeys.ExamplesOf(site.SiteId)))!.Value, TimeSpan.FromDays(89), TimeSpan.FromDays(90));
        Assert.Equal(site.KeyId, (string)examples[1]["by"]!);
    }

    [Fact]
    public async Task AModeratorKeyForSiteA_IsDeniedOnSiteB_ForEveryRpc()
    {
        var siteA = await fixture.CreateSiteAsync(HoldAll);
        var siteB = await fixture.CreateSiteAsync(HoldAll);
        var idB = (await siteB.SubmitPendingAsync(1))[0];
        var moderatorA = await siteA.ModeratorAsync();
        var client = moderatorA.Client;
        var auth = moderatorA.Auth;
        var b = siteB.SiteId;

        var calls = new Dictionary<string, Func<Task>>
        {
            ["ListComments"] = () => client.ListCommentsAsync(new ListCommentsRequest { SiteId = b }, auth).ResponseAsync,
            ["ClaimComments"] = () => client.ClaimCommentsAsync(new ClaimCommentsRequest { SiteId = b, Count = 1 }, auth).ResponseAsync,
            ["ReleaseComments"] = () => client.ReleaseCommentsAsync(new ReleaseCommentsRequest { SiteId = b, CommentIds = { idB } }, auth).ResponseAsync,
            ["ModerateComment"] = () => client.ModerateCommentAsync(new ModerateCommentRequest { SiteId = b, CommentId = idB, Action = ModerationAction.Approve }, auth).ResponseAsync,
            ["BatchModerateComments"] = () => client.BatchModerateCommentsAsync(new BatchModerateCommentsRequest { SiteId = b, Action = ModerationAction.Approve, CommentIds = new CommentIds { Ids = { idB } } }, auth).ResponseAsync,
            ["GetQueueStats"] = () => client.GetQueueStatsAsync(new GetQueueStatsRequest { SiteId = b }, auth).ResponseAsync,
            ["SetAuthorStatus"] = () => client.SetAuthorStatusAsync(new SetAuthorStatusRequest { SiteId = b, AuthorIp = "192.0.2.1", Status = AuthorStatus.Blocked }, auth).ResponseAsync,
            ["GetFilterReport"] = () => client.GetFilterReportAsync(new GetFilterReportRequest { SiteId = b }, auth).ResponseAsync,
            ["WatchQueue"] = async () =>
            {
                using var watch = client.WatchQueue(new WatchQueueRequest { SiteId = b }, auth);
                await watch.ResponseStream.MoveNext(CancellationToken.None);
            },
        };
        Assert.Equal(ModerationService.Descriptor.Methods.Count, calls.Count);
        foreach (var (name, call) in calls)
        {
            var denied = await Assert.ThrowsAsync<RpcException>(call);
            Assert.True(denied.StatusCode == StatusCode.PermissionDenied, $"{name} answered {denied.StatusCode}");
        }
        Assert.Equal(CommentStatus.Pending, (await siteB.GetAsync(idB)).Status);
    }

    [Fact]
    public async Task BadModerationRequests_GetInvalidArgumentWithFieldViolations()
    {
        var site = await fixture.CreateSiteAsync(HoldAll);
        var alice = await site.ModeratorAsync();

        var noAction = await Assert.ThrowsAsync<RpcException>(() => alice.DecideAsync("0123456789abcdef01234567", ModerationAction.Unspecified));
        var badId = await Assert.ThrowsAsync<RpcException>(() => alice.DecideAsync("not-an-id", ModerationAction.Approve));
        var badLease = await Assert.ThrowsAsync<RpcException>(() => alice.ClaimAsync(1, TimeSpan.FromHours(3)));
        var badIp = await Assert.ThrowsAsync<RpcException>(() => alice.ListAsync(new CommentFilter { AuthorIp = "not an ip" }));
        var missing = await Assert.ThrowsAsync<RpcException>(() => alice.DecideAsync("0123456789abcdef01234567", ModerationAction.Approve));

        Assert.All(new[] { noAction, badId, badLease, badIp }, ex => Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode));
        Assert.Equal("action", noAction.BadRequest().FieldViolations[0].Field);
        Assert.Equal("comment_id", badId.BadRequest().FieldViolations[0].Field);
        Assert.Equal("lease", badLease.BadRequest().FieldViolations[0].Field);
        Assert.Equal("filter.author_ip", badIp.BadRequest().FieldViolations[0].Field);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData(1L, -1)]
    [InlineData(-1L, 1)]
    [InlineData(315_576_000_001L, 0)]
    [InlineData(60L, 1_000_000_000)]
    public async Task AClaimWithALeaseThatIsNoDuration_IsInvalidArgument(long seconds, int nanos)
    {
        var site = await fixture.CreateSiteAsync(HoldAll);
        var alice = await site.ModeratorAsync();

        var ex = await Assert.ThrowsAsync<RpcException>(() => alice.Client.ClaimCommentsAsync(new ClaimCommentsRequest
        {
            SiteId = site.SiteId,
            Count = 1,
            Lease = new Google.Protobuf.WellKnownTypes.Duration { Seconds = seconds, Nanos = nanos },
        }, alice.Auth).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal("lease", Assert.Single(ex.BadRequest().FieldViolations).Field);
    }

    public void Dispose() => Assert.True(fixture.LoggedErrors.Count == 0, string.Join("\n", fixture.LoggedErrors));
}
