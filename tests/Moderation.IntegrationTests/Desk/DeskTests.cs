using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Playwright;
using Moderation.Contracts.V1;
using Moderation.IntegrationTests.Infrastructure;
using Moderation.Testing;

namespace Moderation.IntegrationTests.Desk;

public sealed class DeskTests(DeskFixture fixture) : IClassFixture<DeskFixture>, IDisposable
{
    private const string Hostile = "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\"> "
        + "<a href=\"javascript:window.__pwned = 3\">click me</a> \u202Eexe.gnp and a plain reply";

    private static readonly SiteSettings HoldAll = new() { ModerationMode = ModerationMode.All };

    [Fact]
    public async Task AModerator_SignsIn_SeesAHostileCommentInertWithItsReasons_AndApprovesItWithTheKeyboard()
    {
        var site = await fixture.CreateSiteAsync(HoldAll);
        var comment = Comments.Clean(Hostile);
        comment.AuthorName = "<b onmouseover=\"window.__pwned = 4\">Mallory</b>";
        var submitted = await site.SubmitAsync(comment);
        Assert.Equal(Verdict.Pending, submitted.Assessment.Verdict);
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await fixture.SignInAsync(page, await fixture.ModeratorKeyAsync(site));

        var item = page.Locator($"article.comment[data-comment-id=\"{submitted.CommentId}\"]");
        Assert.Contains("<script>window.__pwned = 1</script>", await item.Locator(".content").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("<b onmouseover=\"window.__pwned = 4\">Mallory</b>", await item.Locator("h2").InnerTextAsync());
        Assert.Equal(0, await item.Locator(".content img, .content a, .content script, h2 b").CountAsync());
        // The right-to-left override is shown as a mark, not obeyed.
        Assert.Equal("[U+202E]", await item.Locator(".content .bidi").InnerTextAsync());
        await item.Locator("h2").HoverAsync();
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__pwned ?? null"));
        var reasons = await item.Locator("table.reasons").InnerTextAsync();
        foreach (var hit in submitted.Assessment.RuleHits)
        {
            Assert.Contains(hit.RuleId, reasons, StringComparison.Ordinal);
        }
        Assert.Contains(comment.AuthorEmail, await item.InnerTextAsync(), StringComparison.Ordinal);

        // The first comment is focused when the page opens; "a" presses its Approve button.
        await page.Keyboard.PressAsync("a");
        await page.Locator($"article.comment[data-comment-id=\"{submitted.CommentId}\"]").WaitForAsync(new() { State = WaitForSelectorState.Detached });

        Assert.Equal(CommentStatus.Approved, (await site.GetAsync(submitted.CommentId)).Status);
        Assert.Equal(0, await page.Locator($"article.comment[data-comment-id=\"{submitted.CommentId}\"]").CountAsync());
    }

    [Fact]
    public async Task ADecisionWithoutTheCsrfToken_IsRefused_AndASignedOutSessionCannotAct()
    {
        var site = await fixture.CreateSiteAsync(HoldAll);
        var submitted = await site.SubmitAsync(Comments.Clean());
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await fixture.SignInAsync(page, await fixture.ModeratorKeyAsync(site));
        var csrf = await page.Locator("form.decide input[name=csrf]").First.GetAttributeAsync("value");
        var session = (await context.CookiesAsync()).Single(c => c.Name == "desk_session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);

        Assert.Equal(HttpStatusCode.Forbidden, await PostDecisionAsync(session.Value, "", submitted.CommentId, site.SiteId));
        Assert.Equal(HttpStatusCode.Forbidden, await PostDecisionAsync(session.Value, "not-the-token", submitted.CommentId, site.SiteId));
        Assert.Equal(CommentStatus.Pending, (await site.GetAsync(submitted.CommentId)).Status);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/desk/sign-in");
        Assert.Equal(HttpStatusCode.Unauthorized, await PostDecisionAsync(session.Value, csrf!, submitted.CommentId, site.SiteId));
        Assert.Equal(CommentStatus.Pending, (await site.GetAsync(submitted.CommentId)).Status);
    }

    [Fact]
    public async Task TwoModerators_InTwoBrowsers_NeverHoldTheSameComment()
    {
        var site = await fixture.CreateSiteAsync(HoldAll);
        var ids = await site.SubmitPendingAsync(30);
        await using var alice = await fixture.Browser.NewContextAsync();
        await using var bob = await fixture.Browser.NewContextAsync();
        var alicePage = await alice.NewPageAsync();
        var bobPage = await bob.NewPageAsync();
        await fixture.SignInAsync(alicePage, await fixture.ModeratorKeyAsync(site));
        await fixture.SignInAsync(bobPage, await fixture.ModeratorKeyAsync(site));

        async Task<List<string>> ShownAsync(IPage page) =>
            [.. (await page.Locator("article.comment").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.commentId)"))];
        var aliceHolds = await ShownAsync(alicePage);
        var bobHolds = await ShownAsync(bobPage);
        await alicePage.ReloadAsync();
        var aliceAfterReload = await ShownAsync(alicePage);

        Assert.Equal(20, aliceHolds.Count);
        Assert.Equal(10, bobHolds.Count);
        Assert.Empty(aliceHolds.Intersect(bobHolds));
        Assert.Equal(ids.ToHashSet(), aliceHolds.Concat(bobHolds).ToHashSet());
        // A reload shows the comments she already holds, not new ones.
        Assert.Equal(aliceHolds.ToHashSet(), aliceAfterReload.ToHashSet());
        Assert.Equal("30", await bobPage.Locator(".queue-count[data-queue=pending]").InnerTextAsync());
        Assert.Contains("Claimed by moderators now: 30.", await bobPage.Locator("p.stats").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Oldest pending: ", await bobPage.Locator("p.stats").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BulkSpam_ByAnIpRange_TakesTheRangesCommentsAndNoOther()
    {
        var site = await fixture.CreateSiteAsync(HoldAll);
        var ids = new List<string>();
        foreach (var ip in new[] { "203.0.113.5", "203.0.113.77", "198.51.100.9" })
        {
            var comment = Comments.Clean($"A comment sent from {ip}'s network.");
            comment.AuthorIp = ip;
            ids.Add((await site.SubmitAsync(comment)).CommentId);
        }
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await fixture.SignInAsync(page, await fixture.ModeratorKeyAsync(site));

        await page.GetByLabel("IP or range").FillAsync("203.0.113.0/24");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await page.WaitForURLAsync("**ip=203.0.113.0*");
        Assert.Equal(2, await page.Locator("article.comment").CountAsync());
        await DeskFixture.ScreenshotAsync(page, "desk-queue.png");
        await page.GetByLabel("All shown").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Spam selected" }).ClickAsync();
        await page.Locator("article.comment").First.WaitForAsync(new() { State = WaitForSelectorState.Detached });

        Assert.Equal(CommentStatus.Spam, (await site.GetAsync(ids[0])).Status);
        Assert.Equal(CommentStatus.Spam, (await site.GetAsync(ids[1])).Status);
        Assert.Equal(CommentStatus.Pending, (await site.GetAsync(ids[2])).Status);
    }

    [Fact]
    public async Task Undo_PutsTheLastDecisionBack_AndTheCommentComesFirstAgain()
    {
        var site = await fixture.CreateSiteAsync(HoldAll);
        var ids = await site.SubmitPendingAsync(2);
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await fixture.SignInAsync(page, await fixture.ModeratorKeyAsync(site));
        var first = page.Locator($"article.comment[data-comment-id=\"{ids[0]}\"]");

        await page.Keyboard.PressAsync("a");
        await first.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        Assert.Equal(CommentStatus.Approved, (await site.GetAsync(ids[0])).Status);
        await Assertions.Expect(page.Locator("form.undo")).ToContainTextAsync("Approved");
        await page.Keyboard.PressAsync("u");

        await first.WaitForAsync();
        Assert.Equal(ids[0], await page.Locator("article.comment").First.GetAttributeAsync("data-comment-id"));
        var back = await site.GetAsync(ids[0]);
        Assert.Equal(CommentStatus.Pending, back.Status);
        Assert.Equal("requeue", back.History[^1].Action);
        // The undone comment can be decided again at once.
        await first.GetByRole(AriaRole.Button, new() { Name = "Reject" }).ClickAsync();
        await first.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        Assert.Equal(CommentStatus.Rejected, (await site.GetAsync(ids[0])).Status);
    }

    [Fact]
    public async Task AnOpenQueue_GetsNewComments_AndLosesOnesAColleagueTook_WithoutAReload()
    {
        var site = await fixture.CreateSiteAsync(HoldAll);
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await fixture.SignInAsync(page, await fixture.ModeratorKeyAsync(site));
        Assert.Equal(0, await page.Locator("article.comment").CountAsync());
        await WaitForLiveAsync(page);

        var entered = (await site.SubmitPendingAsync(1))[0];

        await page.Locator($"article.comment[data-comment-id=\"{entered}\"]").WaitForAsync();
        await Assertions.Expect(page.Locator(".queue-count[data-queue=pending]")).ToHaveTextAsync("1");

        // A filtered view lists without claiming; a colleague's claim takes the comment off it.
        await page.GetByLabel("Text", new() { Exact = true }).FillAsync("harbour vote");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await page.WaitForURLAsync("**text=harbour*");
        var other = (await site.SubmitPendingAsync(1, _ => Comments.Clean("Watching the harbour vote closely from the north quay.")))[0];
        await page.ReloadAsync();
        await page.Locator($"article.comment[data-comment-id=\"{other}\"]").WaitForAsync();
        await WaitForLiveAsync(page);
        var colleague = await site.ModeratorAsync();
        Assert.Equal(other, Assert.Single((await colleague.ClaimAsync(5)).Comments).CommentId);

        await page.Locator($"article.comment[data-comment-id=\"{other}\"]").WaitForAsync(new() { State = WaitForSelectorState.Detached });
    }

    [Fact]
    public async Task AListing_ShowsAColleaguesClaim_AndADecisionOnItIsRefusedWithTheirName()
    {
        var site = await fixture.CreateSiteAsync(HoldAll);
        var id = (await site.SubmitPendingAsync(1, _ => Comments.Clean("A note on the ferry timetable change.")))[0];
        var colleague = await site.ModeratorAsync();
        Assert.Equal(id, Assert.Single((await colleague.ClaimAsync(5)).Comments).CommentId);
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await fixture.SignInAsync(page, await fixture.ModeratorKeyAsync(site));
        Assert.Equal(0, await page.Locator("article.comment").CountAsync());

        await page.GotoAsync($"{fixture.DeskUrl}/queue?site={site.SiteId}&status=pending&text=ferry");
        var item = page.Locator($"article.comment[data-comment-id=\"{id}\"]");
        Assert.Equal("Held by a colleague (moderator) while the lease lasts.", await item.Locator(".held").InnerTextAsync());
        await item.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();

        Assert.Equal("A colleague (moderator) holds this comment.", await page.GetByRole(AriaRole.Alert).InnerTextAsync());
        Assert.Equal(CommentStatus.Pending, (await site.GetAsync(id)).Status);
    }

    [Fact]
    public async Task AuthorActions_TrustOneAuthor_AndBlockAnotherWithTheirPendingComments()
    {
        var site = await fixture.CreateSiteAsync(new SiteSettings { ModerationMode = ModerationMode.All, FloodSeconds = 0 });
        var friend = Comments.Clean("A regular reader's note on the budget story.");
        var spammer = Comments.Clean("First of two held comments from one address.");
        var spammerAgain = Comments.Clean("Second of two held comments from one address.");
        spammerAgain.AuthorEmail = spammer.AuthorEmail;
        var friendId = (await site.SubmitAsync(friend)).CommentId;
        var spamIds = new[] { (await site.SubmitAsync(spammer)).CommentId, (await site.SubmitAsync(spammerAgain)).CommentId };
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await fixture.SignInAsync(page, await fixture.ModeratorKeyAsync(site));

        await page.Locator($"article.comment[data-comment-id=\"{friendId}\"]").GetByRole(AriaRole.Button, new() { Name = "Trust" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("The author is now trusted");
        await page.Locator($"article.comment[data-comment-id=\"{spamIds[0]}\"]").GetByRole(AriaRole.Button, new() { Name = "Block, and spam their pending comments" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("blocked");

        var settings = (await fixture.Admin.GetSiteAsync(new GetSiteRequest { SiteId = site.SiteId }, ServiceFixture.Bearer(ServiceFixture.AdminKey))).Site.Settings;
        Assert.Contains(friend.AuthorEmail.ToLowerInvariant(), settings.TrustedEmails);
        Assert.Contains(spammer.AuthorEmail.ToLowerInvariant(), settings.BlockedEmails);
        foreach (var id in spamIds)
        {
            Assert.Equal(CommentStatus.Spam, (await site.GetAsync(id)).Status);
        }
        Assert.Equal(CommentStatus.Pending, (await site.GetAsync(friendId)).Status);
    }

    [Fact]
    public async Task SigningOut_ReleasesTheClaims_SoAColleagueGetsThemAtOnce()
    {
        var site = await fixture.CreateSiteAsync(HoldAll);
        var ids = await site.SubmitPendingAsync(3);
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await fixture.SignInAsync(page, await fixture.ModeratorKeyAsync(site));
        Assert.Equal(3, await page.Locator("article.comment").CountAsync());
        var colleague = await site.ModeratorAsync();
        Assert.Empty((await colleague.ClaimAsync(5)).Comments);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/desk/sign-in");

        Assert.Equal(ids.Order(), (await colleague.ClaimAsync(5)).Comments.Select(c => c.CommentId).Order());
    }

    [Fact]
    public async Task TheKeys_OpenWithQuestionMark_TheReportShowsTheRules_AndTheQueueIsKeyboardReachable()
    {
        var site = await fixture.CreateSiteAsync(HoldAll);
        var id = (await site.SubmitAsync(Comments.Clean("Sources: https://a.example/one and https://b.example/two"))).CommentId;
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await fixture.SignInAsync(page, await fixture.ModeratorKeyAsync(site));

        await page.Keyboard.PressAsync("?");
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        Assert.Contains("undo the last decision", await page.GetByRole(AriaRole.Dialog).InnerTextAsync(), StringComparison.Ordinal);
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToBeHiddenAsync();

        var unlabeled = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll("input:not([type=hidden]), textarea, select")]
              .filter(e => !(e.labels && e.labels.length) && !e.getAttribute("aria-label")).map(e => e.id || e.name)
            """);
        Assert.Empty(unlabeled);
        // Tab from the comment's note reaches its buttons, and the focus ring shows.
        await page.Locator($"#note-{id}").FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Approve", await page.EvaluateAsync<string>("() => document.activeElement.textContent"));
        Assert.NotEqual("none", await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle"));
        await page.Keyboard.PressAsync("Enter");
        await page.Locator($"article.comment[data-comment-id=\"{id}\"]").WaitForAsync(new() { State = WaitForSelectorState.Detached });

        await page.GetByRole(AriaRole.Link, new() { Name = "Filter report and stats" }).ClickAsync();
        var report = page.GetByRole(AriaRole.Table).First;
        await Assertions.Expect(report.GetByRole(AriaRole.Row).Filter(new() { HasText = "links.count" })).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task OnAPhone_TheQueueFitsTheScreen_AndEachCommentsButtonsAreInReach()
    {
        var site = await fixture.CreateSiteAsync(HoldAll);
        var comment = Comments.Clean("A long line from a reader on a phone: " + string.Concat(Enumerable.Repeat("unbroken-", 30)));
        comment.UserAgent = "Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36";
        var id = (await site.SubmitAsync(comment)).CommentId;
        await using var context = await fixture.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        var page = await context.NewPageAsync();
        await fixture.SignInAsync(page, await fixture.ModeratorKeyAsync(site));

        // A phone widens its layout to fit what overflows, so the width is checked against the screen's.
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the page is {width} px wide on a 390 px screen");
        var approve = page.Locator($"article.comment[data-comment-id=\"{id}\"]").GetByRole(AriaRole.Button, new() { Name = "Approve" });
        var box = await approve.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= 390, $"Approve at {box.X}..{box.X + box.Width}");
        await DeskFixture.ScreenshotAsync(page, "desk-phone.png");
        await approve.TapAsync();
        await page.Locator($"article.comment[data-comment-id=\"{id}\"]").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        Assert.Equal(CommentStatus.Approved, (await site.GetAsync(id)).Status);
    }

    [Fact]
    public async Task AWrongKey_IsRefusedWithAMessage_AndEveryFieldHasALabel()
    {
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(fixture.DeskUrl);
        await page.WaitForURLAsync("**/desk/sign-in");
        Assert.Equal(1, await page.GetByLabel("Moderator key").CountAsync());

        await page.GetByLabel("Moderator key").FillAsync("not-a-key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        Assert.Contains("not a valid moderator key", await page.GetByRole(AriaRole.Alert).InnerTextAsync(), StringComparison.Ordinal);
        Assert.Empty(await context.CookiesAsync(new[] { fixture.DeskUrl }).ContinueWith(t => t.Result.Where(c => c.Name == "desk_session").ToList()));
    }

    /// <summary>Waits until the page's live stream is open, so events after this are seen.</summary>
    private static async Task WaitForLiveAsync(IPage page) =>
        await page.Locator("main[data-live-state=open]").WaitForAsync();

    private async Task<HttpStatusCode> PostDecisionAsync(string sessionCookie, string csrf, string commentId, string siteId)
    {
        using var handler = new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false };
        using var client = new HttpClient(handler);
        using var request = new HttpRequestMessage(HttpMethod.Post, fixture.DeskUrl + "/decide")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["csrf"] = csrf, ["site"] = siteId, ["comment"] = commentId, ["action"] = "approve", ["queue"] = "pending" }),
        };
        request.Headers.Add("Cookie", "desk_session=" + sessionCookie);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    public void Dispose() => Assert.True(fixture.LoggedErrors.Count == 0, string.Join("\n", fixture.LoggedErrors));
}
