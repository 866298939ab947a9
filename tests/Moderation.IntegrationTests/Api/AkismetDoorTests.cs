using System.Net;
using System.Text.Json.Nodes;
using Moderation.Contracts.V1;
using Moderation.IntegrationTests.Infrastructure;
using Moderation.Server.Storage;

namespace Moderation.IntegrationTests.Api;

/// <summary>The Akismet-compatible door over real HTTP/1.1, as an Akismet client calls it.</summary>
public sealed class AkismetDoorTests(JsonDoorFixture fixture) : IClassFixture<JsonDoorFixture>
{
    private const string Blog = "https://news.example";
    private const string Blatant = "Earn $5000 a week from home, guaranteed! Check out my channel and subscribe, free giveaway for everyone who subscribes today";

    [Fact]
    public async Task VerifyKey_TakesTheKeyFromTheBodyOrTheHostName_AndSaysWhyItRefuses()
    {
        var (_, key) = await AkismetSiteAsync();

        Assert.Equal("valid", await BodyAsync(await PostAsync("/1.1/verify-key", new() { ["api_key"] = key, ["blog"] = Blog })));
        Assert.Equal("valid", await BodyAsync(await PostAsync("/1.1/verify-key", new() { ["key"] = key, ["blog"] = Blog })));
        Assert.Equal("valid", await BodyAsync(await PostAsync("/1.1/verify-key", new() { ["blog"] = Blog }, host: key + ".rest.localhost")));

        // Every endpoint takes the key from the Host name, as clients that call https://{key}.{host}/ send it.
        var hosted = Comment(key, "Checked with the key in the Host name.");
        hosted.Remove("api_key");
        Assert.Equal("false", await BodyAsync(await PostAsync("/1.1/comment-check", hosted, host: key + ".rest.localhost")));
        Assert.Equal("Thanks for making the web a better place.", await BodyAsync(await PostAsync("/1.1/submit-ham", hosted, host: key + ".rest.localhost")));
        Assert.Equal("Thanks for making the web a better place.", await BodyAsync(await PostAsync("/1.1/submit-spam", hosted, host: key + ".rest.localhost")));
        Assert.Contains("\"limit\"", await BodyAsync(await PostAsync("/1.2/usage-limit", new(), host: key + ".rest.localhost")), StringComparison.Ordinal);
        Assert.Contains("\"total\"", await BodyAsync(await PostAsync("/1.2/key-sites", new(), host: key + ".rest.localhost")), StringComparison.Ordinal);

        using var wrong = await PostAsync("/1.1/verify-key", new() { ["api_key"] = key[..^4] + "0000", ["blog"] = Blog });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Equal("invalid", await BodyAsync(wrong));
        Assert.Contains("unable to verify", Help(wrong), StringComparison.Ordinal);
        using var noBlog = await PostAsync("/1.1/verify-key", new() { ["api_key"] = key });
        Assert.Equal("invalid", await BodyAsync(noBlog));
        Assert.Contains("blog", Help(noBlog), StringComparison.Ordinal);
        using var noKey = await PostAsync("/1.1/verify-key", new() { ["blog"] = Blog });
        Assert.Contains("api_key", Help(noKey), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommentCheck_AnswersAsAkismetDoes_AndStoresWhatIsNotATest()
    {
        // Low thresholds, so that money offers and self-promotion together are blatant here.
        var (site, key) = await AkismetSiteAsync(new SiteSettings { PendingThreshold = 4, SpamThreshold = 6, DiscardThreshold = 9 });

        using var ham = await PostAsync("/1.1/comment-check", Comment(key, "Thanks, the timeline of the council vote was the clearest I have read."));
        Assert.Equal("false", await BodyAsync(ham));
        Assert.Equal("approved", ham.Headers.GetValues("X-Moderation-Verdict").Single());
        var guid = ham.Headers.GetValues("X-akismet-guid").Single();
        Assert.Equal(CommentStatus.Approved, (await site.GetAsync(guid)).Status);

        using var blatant = await PostAsync("/1.1/comment-check", Comment(key, Blatant));
        Assert.Equal("true", await BodyAsync(blatant));
        Assert.Equal("discard", blatant.Headers.GetValues("X-akismet-pro-tip").Single());

        var before = Records(site);
        Assert.Equal("true", await BodyAsync(await PostAsync("/1.1/comment-check", Comment(key, "Hello there", author: "viagra-test-123"))));
        Assert.Equal("true", await BodyAsync(await PostAsync("/1.1/comment-check", Comment(key, "Hello again", email: "akismet-guaranteed-spam@example.com"))));
        var admin = Comment(key, Blatant + " (the editor, quoting a spammer)");
        admin["user_role"] = "administrator";
        Assert.Equal("false", await BodyAsync(await PostAsync("/1.1/comment-check", admin)));
        var test = Comment(key, "A test call that nothing keeps");
        test["is_test"] = "1";
        Assert.Equal("false", await BodyAsync(await PostAsync("/1.1/comment-check", test)));
        // Only the administrator's comment is a real one among these.
        Assert.Equal(before + 1, Records(site));
    }

    [Fact]
    public async Task SubmitSpamAndHam_FindTheCheckedComment_ByTheSameFields()
    {
        var (site, key) = await AkismetSiteAsync();
        var fields = Comment(key, "I disagree with the editorial, but it made the case well.");
        using var checkedOne = await PostAsync("/1.1/comment-check", fields);
        var commentId = checkedOne.Headers.GetValues("X-akismet-guid").Single();

        Assert.Equal("Thanks for making the web a better place.", await BodyAsync(await PostAsync("/1.1/submit-spam", fields)));
        Assert.Equal(CommentStatus.Spam, (await site.GetAsync(commentId)).Status);
        Assert.Equal("Thanks for making the web a better place.", await BodyAsync(await PostAsync("/1.1/submit-ham", fields)));
        Assert.Equal(CommentStatus.Approved, (await site.GetAsync(commentId)).Status);

        // WordPress sends the comment's date only with the report, and may send the check's guid.
        fields["comment_date_gmt"] = DateTime.UtcNow.AddMinutes(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        await PostAsync("/1.1/submit-spam", fields);
        Assert.Equal(CommentStatus.Spam, (await site.GetAsync(commentId)).Status);
        var byGuid = new Dictionary<string, string> { ["api_key"] = key, ["blog"] = Blog, ["guid"] = commentId, ["comment_content"] = "edited since" };
        Assert.Equal("Thanks for making the web a better place.", await BodyAsync(await PostAsync("/1.1/submit-ham", byGuid)));
        Assert.Equal(CommentStatus.Approved, (await site.GetAsync(commentId)).Status);
    }

    [Fact]
    public async Task TheSameHostCommentIdThroughAkismetAndGrpc_IsOneComment_WithOneVerdict()
    {
        var (site, key) = await AkismetSiteAsync();
        var grpc = Comments.Clean("The bridge closure notice came far too late for commuters on our street.");
        var fields = Comment(key, grpc.Content, author: grpc.AuthorName, email: grpc.AuthorEmail);
        fields["comment_id"] = grpc.HostCommentId;
        grpc.PostId = fields["permalink"];
        fields["user_ip"] = grpc.AuthorIp;

        using var viaAkismet = await PostAsync("/1.1/comment-check", fields);
        var viaGrpc = await site.SubmitAsync(grpc);

        Assert.Equal("false", await BodyAsync(viaAkismet));
        Assert.Equal(viaGrpc.CommentId, viaAkismet.Headers.GetValues("X-akismet-guid").Single());
        Assert.Equal(Verdict.Approved, viaGrpc.Assessment.Verdict);
        Assert.True(viaGrpc.Replayed);
        Assert.Equal(1, Records(site));
    }

    [Fact]
    public async Task UsageAndKeySites_CountTheSitesCalls()
    {
        var (_, key) = await AkismetSiteAsync();
        await PostAsync("/1.1/comment-check", Comment(key, "One comment to count this month."));

        var usage = JsonNode.Parse(await BodyAsync(await fixture.Http.GetAsync($"/1.2/usage-limit?api_key={key}")))!;
        Assert.Equal("none", (string?)usage["limit"]);
        Assert.Equal(1, (long)usage["usage"]!);
        Assert.False((bool)usage["throttled"]!);

        var sites = JsonNode.Parse(await BodyAsync(await PostAsync("/1.2/key-sites", new() { ["api_key"] = key })))!;
        var month = DateTime.UtcNow.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("1", (string?)sites[month]![0]!["api_calls"]);
        Assert.Equal(1, (int)sites["total"]!);
        var csv = await BodyAsync(await fixture.Http.GetAsync($"/1.2/key-sites?api_key={key}&format=csv"));
        Assert.StartsWith("Active sites for ", csv, StringComparison.Ordinal);
        Assert.Contains("Site,Total API Calls,Spam,Ham,Missed Spam,False Positives,Is Revoked", csv, StringComparison.Ordinal);
        Assert.Equal("invalid", await BodyAsync(await fixture.Http.GetAsync("/1.2/usage-limit?api_key=nope")));
        // A key in a URL ends up in logs: a POST takes it from the body only.
        using var keyInUrl = await PostAsync($"/1.1/verify-key?api_key={key}", new() { ["blog"] = Blog });
        Assert.Equal("invalid", await BodyAsync(keyInUrl));
    }

    [Fact]
    public async Task BadCalls_AreInvalidWithAReason_NeverAServerError()
    {
        var (site, key) = await AkismetSiteAsync();
        var before = Records(site);
        var noIp = Comment(key, "No address given");
        noIp.Remove("user_ip");
        var moderatorKey = (await site.ModeratorAsync()).Auth.GetValue("authorization")!["Bearer ".Length..];
        using var json = new HttpRequestMessage(HttpMethod.Post, "/1.1/comment-check") { Content = new StringContent("{\"api_key\": \"" + key + "\"}", System.Text.Encoding.UTF8, "application/json") };
        using var brokenForm = new HttpRequestMessage(HttpMethod.Post, "/1.1/comment-check") { Content = new StringContent("api_key=" + key + "&blog=%zz&comment_content=%", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded") };
        var tooLong = Comment(key, new string('x', 300_000));

        var answers = new List<HttpResponseMessage>
        {
            await PostAsync("/1.1/comment-check", noIp),
            await PostAsync("/1.1/comment-check", Comment(moderatorKey, "A moderator key is not a site key")),
            await fixture.Http.SendAsync(json),
            await PostAsync("/1.1/comment-check", tooLong),
        };
        using var broken = await fixture.Http.SendAsync(brokenForm);

        Assert.All(answers, a =>
        {
            Assert.Equal(HttpStatusCode.OK, a.StatusCode);
            Assert.Equal("invalid", a.Content.ReadAsStringAsync().Result);
            Assert.NotEmpty(Help(a));
        });
        Assert.True(broken.StatusCode == HttpStatusCode.OK, await broken.Content.ReadAsStringAsync());
        Assert.Equal(before, Records(site));
        answers.ForEach(a => a.Dispose());
    }

    private async Task<(TestSite Site, string Key)> AkismetSiteAsync(SiteSettings? settings = null)
    {
        var site = await fixture.CreateSiteAsync(settings);
        var key = await fixture.Admin.CreateApiKeyAsync(
            new CreateApiKeyRequest { Role = ApiKeyRole.Site, SiteIds = { site.SiteId }, DisplayName = "akismet", HostLabelForm = true },
            ServiceFixture.Bearer(ServiceFixture.AdminKey));
        Assert.Matches("^ak[0-9a-z]{59}$", key.Secret);
        return (site, key.Secret);
    }

    private static Dictionary<string, string> Comment(string key, string content, string author = "Ada Reader", string? email = null) => new()
    {
        ["api_key"] = key,
        ["blog"] = Blog,
        ["user_ip"] = Comments.NextIp(),
        ["user_agent"] = "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0",
        ["referrer"] = Blog + "/2026/12/council-vote",
        ["permalink"] = Blog + "/2026/12/council-vote",
        ["comment_type"] = "comment",
        ["comment_author"] = author,
        ["comment_author_email"] = email ?? $"ada.{Guid.NewGuid():N}@example.org",
        ["comment_content"] = content,
        ["comment_date_gmt"] = DateTime.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["blog_lang"] = "en_us",
        ["blog_charset"] = "UTF-8",
    };

    private int Records(TestSite site) => fixture.RedisServer.Keys(pattern: $"{{s:{site.SiteId}}}:c:*").Count();

    private async Task<HttpResponseMessage> PostAsync(string path, Dictionary<string, string> fields, string? host = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        if (host is not null)
        {
            request.Headers.Host = host;
        }
        return await fixture.Http.SendAsync(request);
    }

    private static async Task<string> BodyAsync(HttpResponseMessage response) => await response.Content.ReadAsStringAsync();

    private static string Help(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-akismet-debug-help", out var values) ? values.Single() : "";
}
