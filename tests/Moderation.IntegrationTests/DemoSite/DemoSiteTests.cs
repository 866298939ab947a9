using Microsoft.Playwright;
using Moderation.Contracts.V1;
using Moderation.IntegrationTests.Desk;
using Moderation.IntegrationTests.Infrastructure;

namespace Moderation.IntegrationTests.DemoSite;

public sealed class DemoSiteTests(DemoSiteFixture fixture) : IClassFixture<DemoSiteFixture>, IDisposable
{
    private const string Hostile = "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\"> "
        + "<a href=\"javascript:window.__pwned = 3\">click me</a> \u202Eexe.gnp and a plain reply to the article.";

    [Fact]
    public async Task AReadersComment_AwaitsModeration_ForItsAuthorAlone_AndAppearsWhenAModeratorApprovesItWithTheKeyboard()
    {
        var ip = Comments.NextIp();
        await using var reader = await fixture.ReaderAsync(ip);
        await using var neighbour = await fixture.ReaderAsync();
        await using var moderator = await fixture.Browser.NewContextAsync();
        var page = await reader.NewPageAsync();
        var text = "The article says the commission's budget covers two years. Who pays after that?";

        await page.GotoAsync(fixture.ArticleUrl);
        await FillAsync(page, text, "Ines Duarte", $"ines.{Guid.NewGuid():N}@example.org", "https://ines.example/notes");
        await page.GetByRole(AriaRole.Button, new() { Name = "Post Comment" }).ClickAsync();

        var mine = page.Locator("li.comment", new() { HasText = text });
        await Assertions.Expect(mine.Locator(".comment-awaiting-moderation")).ToHaveTextAsync("Your comment is awaiting moderation.");
        var neighbourPage = await neighbour.NewPageAsync();
        await neighbourPage.GotoAsync(fixture.ArticleUrl);
        Assert.Equal(0, await neighbourPage.Locator("li.comment", new() { HasText = text }).CountAsync());

        // The site sent what it knows of the reader's request.
        var commentId = (await mine.GetAttributeAsync("id"))!["comment-".Length..];
        var stored = await fixture.Site.GetAsync(commentId);
        Assert.Equal(CommentStatus.Pending, stored.Status);
        Assert.Equal(ip, stored.Submission.AuthorIp);
        Assert.Equal(fixture.ArticleUrl, stored.Submission.Permalink);
        Assert.Equal(fixture.ArticleUrl, stored.Submission.Referrer);
        Assert.Contains("Chrome", stored.Submission.UserAgent, StringComparison.Ordinal);
        Assert.Equal("phone", stored.Submission.HoneypotField);
        Assert.InRange((DateTimeOffset.UtcNow - stored.Submission.FormRenderedAt.ToDateTimeOffset()).TotalSeconds, 0, 120);

        var desk = await moderator.NewPageAsync();
        await fixture.SignInAsync(desk, await fixture.ModeratorKeyAsync(fixture.Site));
        var item = desk.Locator($"article.comment[data-comment-id=\"{commentId}\"]");
        Assert.Contains(text, await item.Locator(".content").InnerTextAsync(), StringComparison.Ordinal);
        foreach (var hit in stored.Assessment.RuleHits)
        {
            Assert.Contains(hit.RuleId, await item.Locator("table.reasons").InnerTextAsync(), StringComparison.Ordinal);
        }
        await item.FocusAsync();
        await desk.Keyboard.PressAsync("a");
        await item.WaitForAsync(new() { State = WaitForSelectorState.Detached });

        // Without a reload: the site follows the decision stream and the open page follows the site.
        await Assertions.Expect(mine.Locator(".comment-awaiting-moderation")).ToHaveCountAsync(0);
        await Assertions.Expect(mine.Locator(".comment-content")).ToContainTextAsync(text);
        await Assertions.Expect(neighbourPage.Locator("li.comment", new() { HasText = text })).ToHaveCountAsync(1);
        await Assertions.Expect(neighbourPage.Locator("li.comment", new() { HasText = text }).GetByRole(AriaRole.Link, new() { Name = "Ines Duarte" }))
            .ToHaveAttributeAsync("href", "https://ines.example/notes");
        await DeskFixture.ScreenshotAsync(neighbourPage, "demo-article.png");
    }

    [Fact]
    public async Task WithScriptOff_AReaderPosts_AndAModeratorReadsAndApprovesIt()
    {
        await using var reader = await fixture.Browser.NewContextAsync(new() { JavaScriptEnabled = false, ExtraHTTPHeaders = new Dictionary<string, string> { ["X-Forwarded-For"] = Comments.NextIp() } });
        await using var moderator = await fixture.Browser.NewContextAsync(new() { JavaScriptEnabled = false });
        var page = await reader.NewPageAsync();
        var text = "Posted from a browser with script turned off: does the treaty cover groundwater?";
        await page.GotoAsync(fixture.ArticleUrl);
        await FillAsync(page, text, "Noor Haddad", $"noor.{Guid.NewGuid():N}@example.org", "");
        await page.GetByRole(AriaRole.Button, new() { Name = "Post Comment" }).ClickAsync();
        var mine = page.Locator("li.comment", new() { HasText = text });
        await Assertions.Expect(mine.Locator(".comment-awaiting-moderation")).ToHaveCountAsync(1);
        var commentId = (await mine.GetAttributeAsync("id"))!["comment-".Length..];

        var desk = await moderator.NewPageAsync();
        await fixture.SignInAsync(desk, await fixture.ModeratorKeyAsync(fixture.Site));
        var item = desk.Locator($"article.comment[data-comment-id=\"{commentId}\"]");
        Assert.Contains(text, await item.Locator(".content").InnerTextAsync(), StringComparison.Ordinal);
        await item.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Assertions.Expect(desk.Locator("form.undo")).ToContainTextAsync("Approved");
        Assert.Equal(CommentStatus.Approved, (await fixture.Site.GetAsync(commentId)).Status);

        // Without script the page does not update itself; a reload shows the comment published.
        await Assertions.Expect(mine.Locator(".comment-awaiting-moderation")).ToHaveCountAsync(1);
        for (var tries = 0; tries < 50 && await page.Locator("li.comment", new() { HasText = text }).Locator(".comment-awaiting-moderation").CountAsync() > 0; tries++)
        {
            await Task.Delay(100);
            await page.ReloadAsync();
        }
        await Assertions.Expect(mine.Locator(".comment-awaiting-moderation")).ToHaveCountAsync(0);
        await Assertions.Expect(mine.Locator(".comment-content")).ToContainTextAsync(text);
    }

    [Fact]
    public async Task AResentForm_DoesNotRepublishACommentMarkedSpamSince()
    {
        var admin = ServiceFixture.Bearer(ServiceFixture.AdminKey);
        async Task ModeAsync(ModerationMode mode) => await fixture.Admin.UpdateSiteAsync(new UpdateSiteRequest
        {
            Site = new Site { SiteId = fixture.Site.SiteId, Settings = new SiteSettings { ModerationMode = mode } },
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "settings.moderation_mode" } },
        }, admin);
        await ModeAsync(ModerationMode.None);
        try
        {
            using var reader = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new System.Net.CookieContainer() });
            reader.DefaultRequestHeaders.Add("X-Forwarded-For", Comments.NextIp());
            using var neighbour = new HttpClient();
            var article = await reader.GetStringAsync(fixture.ArticleUrl);
            var stamp = System.Text.RegularExpressions.Regex.Match(article, "name=\"stamp\" value=\"([^\"]+)\"").Groups[1].Value;
            var form = new Dictionary<string, string>
            {
                ["comment"] = "The gauging stations should publish hourly readings, not daily ones.",
                ["author"] = "Priya Raman",
                ["email"] = $"priya.{Guid.NewGuid():N}@example.org",
                ["stamp"] = stamp,
            };
            await Task.Delay(TimeSpan.FromSeconds(3)); // a person takes a moment to type
            async Task<string> PostAsync()
            {
                using var answer = await reader.PostAsync(fixture.ArticleUrl + "/comments", new FormUrlEncodedContent(form));
                Assert.Equal(System.Net.HttpStatusCode.Redirect, answer.StatusCode);
                var location = answer.Headers.Location!.OriginalString;
                return location[(location.IndexOf("#comment-", StringComparison.Ordinal) + "#comment-".Length)..];
            }
            var id = await PostAsync();
            Assert.Equal(CommentStatus.Approved, (await fixture.Site.GetAsync(id)).Status);
            Assert.Contains($"id=\"comment-{id}\"", await neighbour.GetStringAsync(fixture.ArticleUrl + "/comments"), StringComparison.Ordinal);

            await (await fixture.Site.ModeratorAsync()).DecideAsync(id, ModerationAction.Spam);
            for (var tries = 0; tries < 50 && (await neighbour.GetStringAsync(fixture.ArticleUrl + "/comments")).Contains(id, StringComparison.Ordinal); tries++)
            {
                await Task.Delay(100);
            }
            Assert.DoesNotContain(id, await neighbour.GetStringAsync(fixture.ArticleUrl + "/comments"), StringComparison.Ordinal);

            // The same form again: the service replays its first answer (approved), but the comment is spam now.
            Assert.Equal(id, await PostAsync());
            Assert.DoesNotContain(id, await neighbour.GetStringAsync(fixture.ArticleUrl + "/comments"), StringComparison.Ordinal);
            Assert.Equal(CommentStatus.Spam, (await fixture.Site.GetAsync(id)).Status);
        }
        finally
        {
            await ModeAsync(ModerationMode.FirstTime);
        }
    }

    [Fact]
    public async Task ARefusedForm_KeepsWhatTheReaderTyped_AndShowsEachMessageByItsField()
    {
        await using var reader = await fixture.ReaderAsync();
        var page = await reader.NewPageAsync();
        await page.GotoAsync(fixture.ArticleUrl);
        var text = "A comment whose author forgot a name. " + Guid.NewGuid().ToString("N")[..6];

        await FillAsync(page, text, "", "", "");
        await page.GetByRole(AriaRole.Button, new() { Name = "Post Comment" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Your comment was not posted");
        Assert.Equal(text, await page.Locator("#comment").InputValueAsync());
        Assert.Equal("Please enter your name.", await page.Locator("#author-error").InnerTextAsync());
        Assert.Equal("Please enter your email address.", await page.Locator("#email-error").InnerTextAsync());
        Assert.Equal("true", await page.Locator("#author").GetAttributeAsync("aria-invalid"));
        Assert.Contains("author-error", await page.Locator("#author").GetAttributeAsync("aria-describedby") ?? "", StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("li.comment", new() { HasText = text }).CountAsync());

        // The reader fixes it; the same form posts once.
        await page.Locator("#author").FillAsync("Tomas Reyes");
        await page.Locator("#email").FillAsync($"tomas.{Guid.NewGuid():N}@example.org");
        await page.GetByRole(AriaRole.Button, new() { Name = "Post Comment" }).ClickAsync();
        await Assertions.Expect(page.Locator("li.comment", new() { HasText = text }).Locator(".comment-awaiting-moderation")).ToHaveCountAsync(1);
        await DeskFixture.ScreenshotAsync(page, "demo-awaiting.png");
    }

    [Fact]
    public async Task AHostileComment_IsInertOnTheArticle()
    {
        await using var reader = await fixture.ReaderAsync();
        var page = await reader.NewPageAsync();
        await page.GotoAsync(fixture.ArticleUrl);
        var name = "<b onmouseover=\"window.__pwned = 4\">Mallory</b>";

        // A javascript: website is refused by the service, next to the field; the rest is kept for the retry.
        await FillAsync(page, Hostile, name, $"mallory.{Guid.NewGuid():N}@example.org", "javascript:window.__pwned = 5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Post Comment" }).ClickAsync();
        await Assertions.Expect(page.Locator("#url-error")).ToBeVisibleAsync();
        Assert.Equal(Hostile, await page.Locator("#comment").InputValueAsync());
        await page.Locator("#url").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Post Comment" }).ClickAsync();
        var mine = page.Locator("li.comment", new() { HasText = "plain reply to the article" });
        await Assertions.Expect(mine).ToHaveCountAsync(1);
        var commentId = (await mine.GetAttributeAsync("id"))!["comment-".Length..];
        var moderator = await fixture.Site.ModeratorAsync();
        await moderator.DecideAsync(commentId, ModerationAction.Approve);
        await Assertions.Expect(mine.Locator(".comment-awaiting-moderation")).ToHaveCountAsync(0);

        await using var other = await fixture.ReaderAsync();
        var article = await other.NewPageAsync();
        await article.GotoAsync(fixture.ArticleUrl);
        var shown = article.Locator($"#comment-{commentId}");
        Assert.Contains("<script>window.__pwned = 1</script>", await shown.Locator(".comment-content").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(name, await shown.Locator(".fn").InnerTextAsync());
        Assert.Equal(0, await shown.Locator(".comment-content img, .comment-content a, .comment-content script, .fn b").CountAsync());
        await shown.Locator(".fn").HoverAsync();
        Assert.Null(await article.EvaluateAsync<int?>("() => window.__pwned ?? null"));
        // The override stays inside the comment: its paragraph's direction comes from its own text.
        Assert.Equal("plaintext", await shown.Locator(".comment-content").EvaluateAsync<string>("e => getComputedStyle(e).unicodeBidi"));
        Assert.Equal(1, await shown.Locator(".fn bdi").CountAsync());
    }

    [Fact]
    public async Task TheForm_HasALabelOnEveryField_IsReachableByKeyboard_AndShowsWhereTheFocusIs()
    {
        await using var reader = await fixture.ReaderAsync();
        var page = await reader.NewPageAsync();
        await page.GotoAsync(fixture.ArticleUrl);

        var unlabeled = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll("input:not([type=hidden]), textarea, select")]
              .filter(e => !(e.labels && e.labels.length) && !e.getAttribute("aria-label")).map(e => e.name)
            """);
        Assert.Empty(unlabeled);
        foreach (var label in new[] { "Comment *", "Name *", "Email *", "Website" })
        {
            Assert.Equal(1, await page.GetByLabel(label, new() { Exact = true }).CountAsync());
        }

        await page.Locator("#comment").FocusAsync();
        var order = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            order.Add(await page.EvaluateAsync<string>("() => document.activeElement.id"));
            Assert.NotEqual("none", await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle"));
        }
        // The honeypot is out of the tab order; the button is reached.
        Assert.Equal(["author", "email", "url", "wp-comment-cookies-consent", "submit"], order);
    }

    private static async Task FillAsync(IPage page, string comment, string name, string email, string website)
    {
        await page.Locator("#comment").FillAsync(comment);
        await page.Locator("#author").FillAsync(name);
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#url").FillAsync(website);
    }

    public void Dispose() => Assert.True(!fixture.Errors.Any(), string.Join("\n", fixture.Errors));
}
