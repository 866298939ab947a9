using Grpc.Core;
using Moderation.Contracts.V1;
using Moderation.IntegrationTests.Infrastructure;
using Moderation.Server.Storage;

namespace Moderation.IntegrationTests.Privacy;

public sealed class AuthorErasureTests(ServiceFixture fixture) : IClassFixture<ServiceFixture>
{
    private const string Email = "Ada.Lovelace@Example.org";
    private const string Marker = "analytical-engine-note-g";

    [Fact]
    public async Task Erase_LeavesNoKeyEntryIndexOrExampleThatHoldsTheAddressOrItsHash_AndKeepsEveryoneElse()
    {
        var site = await fixture.CreateSiteAsync(new SiteSettings { ModerationMode = ModerationMode.FirstTime, FloodSeconds = 0, DisallowedTerms = { "casino-bonus" } });
        var moderator = await site.ModeratorAsync();
        var ips = new[] { Comments.NextIp(), Comments.NextIp(), Comments.NextIp() };
        CommentSubmission Ada(int i, string text)
        {
            var c = Comments.Clean($"{text} ({Marker} {i})");
            c.AuthorName = "Ada Lovelace";
            c.AuthorEmail = i == 0 ? Email : Email.ToLowerInvariant();
            c.AuthorUrl = "https://ada-lovelace.example/notes";
            c.AuthorIp = ips[i];
            return c;
        }
        var first = await site.SubmitAsync(Ada(0, "My first comment here: the engine could compose music."));
        Assert.Equal(Verdict.Pending, first.Assessment.Verdict);
        await moderator.DecideAsync(first.CommentId, ModerationAction.Approve);
        var second = await site.SubmitAsync(Ada(1, "Coming back to add that it weaves algebraic patterns."));
        Assert.Equal(Verdict.Approved, second.Assessment.Verdict);
        await fixture.Comments.ReportSpamAsync(new ReportSpamRequest { CommentId = second.CommentId, Note = "on reflection" }, site.Auth);
        var third = await site.SubmitAsync(Ada(2, "Win a casino-bonus today"));
        Assert.Equal(Verdict.Spam, third.Assessment.Verdict);
        var grace = Comments.Clean("Grace here: a compiler is a program that writes programs.");
        grace.AuthorEmail = "grace.hopper@example.org";
        var graceId = (await site.SubmitAsync(grace)).CommentId;
        string[] adaIds = [first.CommentId, second.CommentId, third.CommentId];
        // What a version before keyed hashes left under the unkeyed names.
        await fixture.Db.StringSetAsync(RedisKeys.Author(site.SiteId, KeyHasher.Unkeyed(Email.ToLowerInvariant())), "1");
        await fixture.Db.StringSetAsync(RedisKeys.IpReputation(site.SiteId, KeyHasher.Unkeyed(ips[0])), "1");
        var before = await SiteAndGlobalAsync(site);
        Assert.NotEmpty(before.KeysHolding(ServiceFixture.Hasher.Of(Email.ToLowerInvariant())));
        Assert.NotEmpty(before.KeysHolding(Marker));

        var erased = await fixture.Comments.EraseAuthorDataAsync(new EraseAuthorDataRequest { AuthorEmail = "  " + Email.ToUpperInvariant() + " ", AuthorIp = ips[0] }, site.Auth);

        Assert.Equal(3, erased.CommentsAffected);
        Assert.Equal(2, erased.ExamplesRemoved);
        Assert.True(erased.DecisionEventsRemoved >= 5, $"{erased.DecisionEventsRemoved} decision events removed");
        Assert.Empty(erased.ListsNamingAuthor);
        var after = await SiteAndGlobalAsync(site);
        string[] traces = [Email, Marker, "Ada Lovelace", "ada-lovelace.example", ServiceFixture.Hasher.Of(Email.ToLowerInvariant()),
            ServiceFixture.Hasher.Of("ada-lovelace.example"), KeyHasher.Unkeyed(Email.ToLowerInvariant()), KeyHasher.Unkeyed(ips[0]),
            .. ips, .. ips.Select(ip => ServiceFixture.Hasher.Of(ip)), .. adaIds];
        foreach (var trace in traces)
        {
            Assert.True(after.KeysHolding(trace).Count == 0, $"'{trace}' is still in {string.Join(", ", after.KeysHolding(trace))}");
        }
        // What others wrote is untouched, and the check above would have seen it.
        Assert.Equal(CommentStatus.Pending, (await site.GetAsync(graceId)).Status);
        Assert.NotEmpty(after.KeysHolding("grace.hopper@example.org"));
        foreach (var id in adaIds)
        {
            var missing = await Assert.ThrowsAsync<RpcException>(() => site.GetAsync(id));
            Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        }
        Assert.Equal([graceId], (await moderator.ListAsync(new CommentFilter { Status = CommentStatus.Pending })).Comments.Select(c => c.CommentId));
        var audit = Assert.Single(await fixture.Db.StreamRangeAsync(RedisKeys.Audit(site.SiteId)));
        Assert.Equal("erase_author", (string)audit["op"]!);
        Assert.Equal("3", (string)audit["comments"]!);
        Assert.Equal(site.KeyId, (string)audit["by"]!);

        var again = await fixture.Comments.EraseAuthorDataAsync(new EraseAuthorDataRequest { AuthorEmail = Email, AuthorIp = ips[0] }, site.Auth);
        Assert.Equal(0, again.CommentsAffected);
    }

    [Fact]
    public async Task TheSitesModel_IsRetrainedWithoutTheErasedExamples_EvenWhenTheNewestWasErased()
    {
        var site = await fixture.CreateSiteAsync(new SiteSettings { ModerationMode = ModerationMode.All, FloodSeconds = 0 });
        var moderator = await site.ModeratorAsync();
        for (var i = 0; i < 12; i++)
        {
            var other = await site.SubmitAsync(Comments.Clean(i % 2 == 0 ? $"A thoughtful reply about the article, number {i}." : $"Cheap pills and casino bonus offers here {i}"));
            await moderator.DecideAsync(other.CommentId, i % 2 == 0 ? ModerationAction.Approve : ModerationAction.Spam);
        }
        var ada = Comments.Clean($"The newest labeled example of all ({Marker}).");
        ada.AuthorEmail = Email;
        await moderator.DecideAsync((await site.SubmitAsync(ada)).CommentId, ModerationAction.Approve);
        var trained = await fixture.Admin.TrainModelAsync(new TrainModelRequest { SiteId = site.SiteId }, ServiceFixture.Bearer(ServiceFixture.AdminKey));
        Assert.Equal(13, trained.ExampleCount);

        var erased = await fixture.Comments.EraseAuthorDataAsync(new EraseAuthorDataRequest { AuthorEmail = Email }, site.Auth);

        Assert.Equal(1, erased.ExamplesRemoved);
        var model = await fixture.Db.HashGetAsync(RedisKeys.Model(site.SiteId), ["v", "n"]);
        Assert.NotEqual(trained.Version, (string)model[0]!);
        Assert.Equal("12", (string)model[1]!);
        Assert.False(await fixture.Db.KeyExistsAsync(RedisKeys.RetrainDue(site.SiteId)));
    }

    [Fact]
    public async Task AnErasedPendingComment_LeavesModeratorsLiveQueues()
    {
        var site = await fixture.CreateSiteAsync(new SiteSettings { ModerationMode = ModerationMode.All });
        var moderator = await site.ModeratorAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var watch = moderator.Client.WatchQueue(new WatchQueueRequest { SiteId = site.SiteId }, moderator.Auth, cancellationToken: cts.Token);
        await watch.ResponseHeadersAsync;
        var comment = Comments.Clean();
        comment.AuthorEmail = Email;
        var id = (await site.SubmitAsync(comment)).CommentId;

        await fixture.Comments.EraseAuthorDataAsync(new EraseAuthorDataRequest { AuthorEmail = Email }, site.Auth);

        var events = new List<WatchQueueResponse>();
        while (events.Count < 2 && await watch.ResponseStream.MoveNext(cts.Token))
        {
            events.Add(watch.ResponseStream.Current);
        }
        Assert.Equal(["entered", "erased"], events.Select(e => e.Event));
        Assert.All(events, e => Assert.Equal(id, e.CommentId));
        Assert.Equal((CommentStatus.Unspecified, site.KeyId), (events[1].Status, events[1].Actor));
        Assert.Empty((await moderator.ListAsync(new CommentFilter { Status = CommentStatus.Pending })).Comments);
    }

    [Fact]
    public async Task Anonymise_KeepsTheTextAndItsPlace_WithoutNameEmailIpOrBrowser()
    {
        var site = await fixture.CreateSiteAsync(new SiteSettings { TrustedEmails = { Email.ToLowerInvariant() } });
        var comment = Comments.Clean($"The engine might act upon other things besides number ({Marker}).");
        comment.AuthorName = "Ada Lovelace";
        comment.AuthorEmail = Email;
        var stored = await site.SubmitAsync(comment);
        Assert.Equal(Verdict.Approved, stored.Assessment.Verdict);

        var erased = await fixture.Comments.EraseAuthorDataAsync(new EraseAuthorDataRequest { AuthorEmail = Email, Anonymise = true }, site.Auth);

        Assert.Equal(1, erased.CommentsAffected);
        Assert.Equal(["trusted_emails"], erased.ListsNamingAuthor);
        var kept = await site.GetAsync(stored.CommentId);
        Assert.Equal(CommentStatus.Approved, kept.Status);
        Assert.Equal(comment.Content, kept.Submission.Content);
        Assert.Equal(comment.PostId, kept.Submission.PostId);
        Assert.Equal("", kept.Submission.AuthorName + kept.Submission.AuthorEmail + kept.Submission.AuthorIp + kept.Submission.UserAgent + kept.Submission.Referrer);
        Assert.All(kept.Assessment.RuleHits, h => Assert.True(h.RuleId.StartsWith("content.", StringComparison.Ordinal) || h.Evidence.Length == 0, h.RuleId));
        var after = await SiteAndGlobalAsync(site);
        // The site's own trusted list still names the address (the answer says so); nothing else does.
        Assert.Equal([RedisKeys.Site(site.SiteId).ToString()], after.KeysHolding(Email));
        foreach (var trace in new[] { comment.AuthorIp, ServiceFixture.Hasher.Of(comment.AuthorIp), ServiceFixture.Hasher.Of(Email.ToLowerInvariant()), "Ada Lovelace" })
        {
            Assert.Empty(after.KeysHolding(trace));
        }
        Assert.NotEmpty(after.KeysHolding(Marker));
    }

    // The tests of this class share one Redis: another site's keys are another test's.
    private async Task<List<(string Key, byte[] Bytes)>> SiteAndGlobalAsync(TestSite site) =>
        [.. (await RedisContents.ReadAllAsync(fixture)).Where(c => !c.Key.StartsWith("{s:", StringComparison.Ordinal) || c.Key.StartsWith(RedisKeys.Tag(site.SiteId), StringComparison.Ordinal))];

    [Theory]
    [InlineData("", "", "author_email")]
    [InlineData("not-an-address", "", "author_email")]
    [InlineData("ada@example.org", "198.51.100.300", "author_ip")]
    public async Task ABadEmailOrIp_IsInvalidArgument_NamingTheField(string email, string ip, string field)
    {
        var site = await fixture.CreateSiteAsync();

        var ex = await Assert.ThrowsAsync<RpcException>(() => fixture.Comments.EraseAuthorDataAsync(new EraseAuthorDataRequest { AuthorEmail = email, AuthorIp = ip }, site.Auth).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal(field, Assert.Single(ex.BadRequest().FieldViolations).Field);
    }
}
