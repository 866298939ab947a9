using Microsoft.Extensions.DependencyInjection;
using Moderation.Contracts.V1;
using Moderation.Server.Moderators;
using Moderation.Server.Problems;
using Moderation.Server.Storage;
using StackExchange.Redis;

namespace Moderation.UnitTests.Server.Moderators;

public sealed class CommentQueryTests(ModeratorsFixture fixture) : IClassFixture<ModeratorsFixture>
{
    private CommentQuery Query => fixture.Query;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Pages_WalkEveryCommentOnce_InTheOrderAsked(bool newestFirst)
    {
        var site = await fixture.NewSiteAsync();
        var submitted = await SubmitManyAsync(site, 7);

        var seen = new List<string>();
        var token = "";
        var pages = 0;
        do
        {
            var page = await Query.ListAsync(site, new CommentCriteria(CommentStatus.Pending), newestFirst, 3, token, CancellationToken.None);
            Assert.InRange(page.Comments.Count, 1, 3);
            seen.AddRange(page.Comments.Select(c => c.CommentId));
            token = page.NextPageToken;
            pages++;
        }
        while (token.Length > 0 && pages < 10);

        Assert.Equal(newestFirst ? Enumerable.Reverse(submitted) : submitted, seen);
    }

    [Fact]
    public async Task Criteria_SelectByText_Email_IpRange_AndRule()
    {
        var site = await fixture.NewSiteAsync();
        var byText = (await fixture.SubmitAsync(site, "The harbour photos bring back memories.", email: "one@example.org", ip: "198.51.100.10")).CommentId;
        var byEmail = (await fixture.SubmitAsync(site, "Another reader agrees with the second chart.", email: "two@example.org", ip: "203.0.113.20")).CommentId;
        var byRange = (await fixture.SubmitAsync(site, "A third view on the budget figures here.", email: "three@example.org", ip: "192.0.2.77")).CommentId;

        Assert.Equal([byText], await IdsAsync(site, new CommentCriteria(CommentStatus.Pending, text: "HARBOUR")));
        Assert.Equal([byEmail], await IdsAsync(site, new CommentCriteria(CommentStatus.Pending, authorEmail: " Two@Example.org ")));
        Assert.Equal([byRange], await IdsAsync(site, new CommentCriteria(CommentStatus.Pending, authorIp: "192.0.2.0/24")));
        Assert.Equal(3, (await IdsAsync(site, new CommentCriteria(CommentStatus.Pending, ruleId: "policy.moderate_all"))).Count);
        Assert.Empty(await IdsAsync(site, new CommentCriteria(CommentStatus.Pending, ruleId: "links.count")));
        Assert.Empty(await IdsAsync(site, new CommentCriteria(CommentStatus.Spam)));
    }

    [Fact]
    public async Task ATokenFromAnotherListing_IsRefused()
    {
        var site = await fixture.NewSiteAsync();
        await SubmitManyAsync(site, 3);
        var page = await Query.ListAsync(site, new CommentCriteria(CommentStatus.Pending), true, 1, "", CancellationToken.None);

        var otherOrder = await Assert.ThrowsAsync<ProblemException>(() => Query.ListAsync(site, new CommentCriteria(CommentStatus.Pending), false, 1, page.NextPageToken, CancellationToken.None));
        var otherStatus = await Assert.ThrowsAsync<ProblemException>(() => Query.ListAsync(site, new CommentCriteria(CommentStatus.Spam), true, 1, page.NextPageToken, CancellationToken.None));
        var garbage = await Assert.ThrowsAsync<ProblemException>(() => Query.ListAsync(site, new CommentCriteria(CommentStatus.Pending), true, 1, "not a token", CancellationToken.None));

        Assert.All([otherOrder, otherStatus, garbage], p => Assert.Equal(("INVALID_PAGE_TOKEN", ProblemKind.InvalidArgument), (p.Reason, p.Kind)));
    }

    [Fact]
    public async Task CommentsWhoseRecordsExpired_LeaveTheListingAndTheIndex()
    {
        var site = await fixture.NewSiteAsync();
        var ids = await SubmitManyAsync(site, 3);
        var db = fixture.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        await db.KeyDeleteAsync(RedisKeys.Comment(site.Site.SiteId, ids[1]));

        var listed = await IdsAsync(site, new CommentCriteria(CommentStatus.Pending));

        Assert.Equal([ids[2], ids[0]], listed);
        Assert.Equal(2, await db.SortedSetLengthAsync(RedisKeys.Index(site.Site.SiteId, (int)CommentStatus.Pending)));
    }

    [Fact]
    public async Task All_StopsAtItsLimit_OldestFirst()
    {
        var site = await fixture.NewSiteAsync();
        var ids = await SubmitManyAsync(site, 5);

        var all = await Query.AllAsync(site, new CommentCriteria(CommentStatus.Pending), 3, CancellationToken.None);

        Assert.Equal(ids.Take(3), all.Select(c => c.CommentId));
    }

    private async Task<List<string>> IdsAsync(Moderation.Server.Sites.SiteEntry site, CommentCriteria criteria) =>
        [.. (await Query.ListAsync(site, criteria, true, 50, "", CancellationToken.None)).Comments.Select(c => c.CommentId)];

    private async Task<List<string>> SubmitManyAsync(Moderation.Server.Sites.SiteEntry site, int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            ids.Add((await fixture.SubmitAsync(site, $"Reply number {i} about the article, with a thought of its own.", email: $"reader{i}@example.org", ip: $"203.0.113.{i + 1}")).CommentId);
        }
        return ids;
    }
}
