using Grpc.Core;
using Moderation.Contracts.V1;
using Moderation.IntegrationTests.Infrastructure;
using Moderation.Server.Storage;

namespace Moderation.IntegrationTests.Intake;

public sealed class SubmitCommentTests(ServiceFixture fixture) : IClassFixture<ServiceFixture>, IDisposable
{
    [Fact]
    public async Task Submit_CleanComment_IsApprovedAndStoredWithTheOriginalRequest()
    {
        var site = await fixture.CreateSiteAsync();
        var comment = Comments.Clean();

        var response = await site.SubmitAsync(comment);

        Assert.Equal(Verdict.Approved, response.Assessment.Verdict);
        Assert.Equal(0, response.Assessment.Score);
        Assert.False(response.Replayed);
        Assert.NotEmpty(response.DecisionCursor);
        var stored = await site.GetAsync(response.CommentId);
        Assert.Equal(CommentStatus.Approved, stored.Status);
        Assert.Equal(comment.AuthorIp, stored.Submission.AuthorIp);
        Assert.Equal(comment.UserAgent, stored.Submission.UserAgent);
        Assert.Equal(comment.Content, stored.Submission.Content);
        Assert.Equal("submitted", Assert.Single(stored.History).Action);
    }

    [Fact]
    public async Task Submit_WithTwoLinks_IsPendingAndQueuedForModerators()
    {
        var site = await fixture.CreateSiteAsync();

        var response = await site.SubmitAsync(Comments.Clean("Compare https://a.example/one with http://b.example/two please."));

        Assert.Equal(Verdict.Pending, response.Assessment.Verdict);
        var hit = Assert.Single(response.Assessment.RuleHits, h => h.RuleId == "links.count");
        Assert.Equal("2 links", hit.Evidence);
        var queue = await fixture.Db.StreamRangeAsync(RedisKeys.PendingQueue(site.SiteId));
        Assert.Equal(response.CommentId, (string?)Assert.Single(queue)["c"]);
        Assert.Equal(CommentStatus.Pending, (await site.GetAsync(response.CommentId)).Status);
    }

    [Fact]
    public async Task Submit_WithDisguisedDisallowedTerm_IsSpamAndInTheSpamQueue()
    {
        var site = await fixture.CreateSiteAsync(new SiteSettings { DisallowedTerms = { "viagra" } });

        var response = await site.SubmitAsync(Comments.Clean("Cheap ｖ1ａｇｒａ here, friends"));

        Assert.Equal(Verdict.Spam, response.Assessment.Verdict);
        var hit = Assert.Single(response.Assessment.RuleHits, h => h.RuleId == "terms.disallowed");
        Assert.Equal("viagra", hit.Evidence);
        Assert.Single(await fixture.Db.StreamRangeAsync(RedisKeys.SpamQueue(site.SiteId)));
        Assert.Empty(await fixture.Db.StreamRangeAsync(RedisKeys.PendingQueue(site.SiteId)));
    }

    [Fact]
    public async Task Submit_WithHoneypotFilled_DiscardsAndKeepsOnlyAnAuditRecord()
    {
        var site = await fixture.CreateSiteAsync();
        var comment = Comments.Clean();
        comment.HoneypotField = "website2";
        comment.HoneypotValue = "http://spam.example";

        var response = await site.SubmitAsync(comment);

        Assert.Equal(Verdict.Discard, response.Assessment.Verdict);
        Assert.Contains(response.Assessment.RuleHits, h => h.RuleId == "bot.honeypot" && h.Evidence == "website2");
        var stored = await site.GetAsync(response.CommentId);
        Assert.Equal(CommentStatus.Discarded, stored.Status);
        Assert.Equal("", stored.Submission.Content);
        Assert.Equal("", stored.Submission.AuthorEmail);
        var ttl = await fixture.Db.KeyTimeToLiveAsync(RedisKeys.Comment(site.SiteId, response.CommentId));
        Assert.InRange(ttl!.Value, TimeSpan.FromDays(6), TimeSpan.FromDays(7));
    }

    [Fact]
    public async Task Submit_WithMissingFieldsAndBadEmail_IsRejectedWithMessagesPerFieldAndNothingStored()
    {
        var site = await fixture.CreateSiteAsync();
        var comment = Comments.Clean("");
        comment.AuthorName = "";
        comment.AuthorEmail = "ada@gmail";

        var response = await site.SubmitAsync(comment);

        Assert.Equal(Verdict.Rejected, response.Assessment.Verdict);
        Assert.Equal("", response.CommentId);
        var byField = response.Assessment.Violations.ToDictionary(v => v.Field, v => v.Code);
        Assert.Equal("REQUIRED", byField["content"]);
        Assert.Equal("REQUIRED", byField["author_name"]);
        Assert.Equal("INVALID_EMAIL", byField["author_email"]);
        Assert.Equal("ada@gmail.com", response.Assessment.Violations.Single(v => v.Field == "author_email").Suggestion);
        var ex = await Assert.ThrowsAsync<RpcException>(() => fixture.Comments.GetCommentAsync(new GetCommentRequest { HostCommentId = comment.HostCommentId }, site.Auth).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
    }

    [Fact]
    public async Task Submit_ContentOverWordPressLimit_IsRejectedAsTooLong()
    {
        var site = await fixture.CreateSiteAsync();

        var response = await site.SubmitAsync(Comments.Clean(new string('é', 33_000)));

        Assert.Equal(Verdict.Rejected, response.Assessment.Verdict);
        var violation = Assert.Single(response.Assessment.Violations);
        Assert.Equal(("content", "TOO_LONG"), (violation.Field, violation.Code));
    }

    [Fact]
    public async Task Submit_RetryWithSameHostCommentId_ReturnsTheSameAnswerAndStoresOneRecord()
    {
        var site = await fixture.CreateSiteAsync();
        var comment = Comments.Clean("A first link https://a.example and a second one https://b.example.");

        var first = await site.SubmitAsync(comment);
        var retry = await site.SubmitAsync(comment);

        Assert.False(first.Replayed);
        Assert.True(retry.Replayed);
        Assert.Equal(first.CommentId, retry.CommentId);
        Assert.Equal(first.Assessment, retry.Assessment);
        Assert.Equal(first.DecisionCursor, retry.DecisionCursor);
        Assert.Equal(1, await fixture.Db.StreamLengthAsync(RedisKeys.PendingQueue(site.SiteId)));
        Assert.Equal(1, await fixture.Db.StreamLengthAsync(RedisKeys.Decisions(site.SiteId)));
    }

    [Fact]
    public async Task Submit_SameHostCommentIdWithOtherContent_FailsWithAlreadyExists()
    {
        var site = await fixture.CreateSiteAsync();
        var comment = Comments.Clean();
        await site.SubmitAsync(comment);
        comment.Content = "Something else entirely.";

        var ex = await Assert.ThrowsAsync<RpcException>(() => site.SubmitAsync(comment));

        Assert.Equal(StatusCode.AlreadyExists, ex.StatusCode);
        Assert.Equal("HOST_COMMENT_ID_REUSED", ex.ErrorInfo().Reason);
    }

    [Fact]
    public async Task Submit_SameAuthorAndTextOnSamePost_IsRejectedAsDuplicate()
    {
        var site = await fixture.CreateSiteAsync(new SiteSettings { FloodSeconds = 0 });
        var first = Comments.Clean();
        await site.SubmitAsync(first);
        var again = first.Clone();
        again.HostCommentId = Guid.NewGuid().ToString();

        var response = await site.SubmitAsync(again);

        Assert.Equal(Verdict.Rejected, response.Assessment.Verdict);
        Assert.Equal("DUPLICATE", Assert.Single(response.Assessment.Violations).Code);
        Assert.Equal("state.duplicate", Assert.Single(response.Assessment.RuleHits).RuleId);
    }

    [Fact]
    public async Task Submit_SecondCommentFromSameIpWithinFloodWindow_IsRejectedAsTooFast()
    {
        var site = await fixture.CreateSiteAsync();
        var first = Comments.Clean();
        await site.SubmitAsync(first);
        var second = Comments.Clean("A different thought on another post.");
        second.AuthorIp = first.AuthorIp;

        var response = await site.SubmitAsync(second);

        Assert.Equal(Verdict.Rejected, response.Assessment.Verdict);
        Assert.Equal("TOO_FAST", Assert.Single(response.Assessment.Violations).Code);
    }

    [Fact]
    public async Task Submit_SecondCommentFromSameEmailWithinFloodWindow_IsRejectedAsTooFast()
    {
        var site = await fixture.CreateSiteAsync();
        var first = Comments.Clean();
        await site.SubmitAsync(first);
        var second = Comments.Clean("A different thought on another post.");
        second.AuthorEmail = first.AuthorEmail;

        var response = await site.SubmitAsync(second);

        Assert.Equal("TOO_FAST", Assert.Single(response.Assessment.Violations).Code);
        Assert.Contains("email", Assert.Single(response.Assessment.RuleHits).Description);
    }

    [Fact]
    public async Task Submit_MoreThanTheRateLimitFromOneIp_IsRejectedAsRateLimited()
    {
        var site = await fixture.CreateSiteAsync(new SiteSettings { FloodSeconds = 0, MaxCommentsPerIpPerMinute = 3 });
        var ip = Comments.NextIp();
        var verdicts = new List<Verdict>();
        for (var i = 0; i < 4; i++)
        {
            var comment = Comments.Clean($"Comment number {i} from the same network.");
            comment.AuthorIp = ip;
            var response = await site.SubmitAsync(comment);
            verdicts.Add(response.Assessment.Verdict);
            if (i == 3)
            {
                Assert.Equal("RATE_LIMITED", Assert.Single(response.Assessment.Violations).Code);
            }
        }
        Assert.Equal([Verdict.Approved, Verdict.Approved, Verdict.Approved, Verdict.Rejected], verdicts);
    }

    [Fact]
    public async Task Submit_InFirstTimeMode_HoldsNewAuthorsAndApprovesPreviouslyApprovedOnes()
    {
        var site = await fixture.CreateSiteAsync(new SiteSettings { FloodSeconds = 0 });
        var first = Comments.Clean();
        Assert.Equal(Verdict.Approved, (await site.SubmitAsync(first)).Assessment.Verdict);
        await fixture.Admin.UpdateSiteAsync(new UpdateSiteRequest
        {
            Site = new Site { SiteId = site.SiteId, Settings = new SiteSettings { ModerationMode = ModerationMode.FirstTime } },
            UpdateMask = new() { Paths = { "settings.moderation_mode" } },
        }, ServiceFixture.Bearer(ServiceFixture.AdminKey));

        var returning = Comments.Clean("Back again with another thought.");
        returning.AuthorEmail = first.AuthorEmail.ToUpperInvariant();
        var newcomer = Comments.Clean("Hello, first time here.");
        var returningResponse = await site.SubmitAsync(returning);
        var newcomerResponse = await site.SubmitAsync(newcomer);

        Assert.Equal(Verdict.Approved, returningResponse.Assessment.Verdict);
        Assert.Contains(returningResponse.Assessment.RuleHits, h => h.RuleId == "author.previously_approved" && h.Points < 0);
        Assert.Equal(Verdict.Pending, newcomerResponse.Assessment.Verdict);
        Assert.Contains(newcomerResponse.Assessment.RuleHits, h => h.RuleId == "policy.moderate_first_time");
    }

    [Fact]
    public async Task Submit_WithTestFlag_ScoresWithoutStoring()
    {
        var site = await fixture.CreateSiteAsync();
        var comment = Comments.Clean("See https://a.example and https://b.example");

        var response = await site.SubmitAsync(comment, test: true);

        Assert.Equal(Verdict.Pending, response.Assessment.Verdict);
        Assert.Equal("", response.CommentId);
        Assert.Equal(0, await fixture.Db.StreamLengthAsync(RedisKeys.PendingQueue(site.SiteId)));
        var real = await site.SubmitAsync(comment);
        Assert.False(real.Replayed);
    }

    [Fact]
    public async Task GetComment_ByHostCommentId_FindsTheSameComment()
    {
        var site = await fixture.CreateSiteAsync();
        var comment = Comments.Clean();
        var response = await site.SubmitAsync(comment);

        var found = await fixture.Comments.GetCommentAsync(new GetCommentRequest { HostCommentId = comment.HostCommentId }, site.Auth);

        Assert.Equal(response.CommentId, found.Comment.CommentId);
        Assert.Equal(site.SiteId, found.Comment.SiteId);
    }

    public void Dispose() => Assert.Empty(fixture.LoggedErrors);
}
