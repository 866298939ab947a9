using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Moderation.Contracts.V1;
using Moderation.IntegrationTests.Infrastructure;

namespace Moderation.IntegrationTests.Api;

/// <summary>The Coral external moderation phase over real HTTP/1.1, signed as Coral signs it.</summary>
public sealed class CoralDoorTests(JsonDoorFixture fixture) : IClassFixture<JsonDoorFixture>
{
    private const string Secret = "empsec_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Fact]
    public async Task ASignedComment_IsStored_AndAnsweredWithCoralsStatus()
    {
        var site = await CoralSiteAsync();

        using var clean = await SendAsync(site, Phase("Thanks for covering the school board meeting; the budget table helped."));
        Assert.Equal(HttpStatusCode.OK, clean.StatusCode);
        Assert.Equal("APPROVED", (string?)JsonNode.Parse(await clean.Content.ReadAsStringAsync())!["status"]);

        using var spam = await SendAsync(site, Phase("Earn $5000 a week from home, guaranteed! Check out my channel and subscribe, free giveaway for everyone who subscribes today"));
        var answer = JsonNode.Parse(await spam.Content.ReadAsStringAsync())!;
        Assert.True((string?)answer["status"] is "SYSTEM_WITHHELD" or "REJECTED", answer.ToJsonString());
        Assert.Equal("COMMENT_DETECTED_SPAM", (string?)answer["actions"]![0]!["reason"]);
        Assert.Equal(2, Records(site));
        // Nothing of the site's secret comes back to an admin.
        var read = await fixture.Admin.GetSiteAsync(new GetSiteRequest { SiteId = site.SiteId }, ServiceFixture.Bearer(ServiceFixture.AdminKey));
        Assert.Equal(("", true), (read.Site.Settings.CoralSigningSecret, read.Site.Settings.CoralSigningSecretSet));
    }

    [Fact]
    public async Task ABadOrMissingSignature_IsRefused_AndNothingIsStored()
    {
        var site = await CoralSiteAsync();
        var body = Phase("A comment with a forged signature");

        using var forged = await SendAsync(site, body, signature: "sha256=" + new string('0', 64));
        using var otherSecret = await SendAsync(site, body, signature: Sign(body, "empsec_not-the-one-this-site-has-0000000000"));
        using var unsigned = await SendAsync(site, body, signature: "");
        using var tampered = await SendAsync(site, body.Replace("forged", "tampered", StringComparison.Ordinal), signature: Sign(body, Secret));

        Assert.All([forged, otherSecret, unsigned, tampered], r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        Assert.Equal(0, Records(site));
    }

    [Fact]
    public async Task DuringARotation_EitherOfTwoSignatures_Will_Do()
    {
        var site = await CoralSiteAsync();
        var body = Phase("Signed by the new and the old secret while Coral rotates them");

        using var rotating = await SendAsync(site, body, signature: Sign(body, "empsec_the-new-secret-0000000000000000") + "," + Sign(body, Secret));

        Assert.Equal(HttpStatusCode.OK, rotating.StatusCode);
        Assert.Equal(1, Records(site));
    }

    [Fact]
    public async Task CoralAndGrpc_GiveTheSameVerdict_ForTheSameText()
    {
        var site = await CoralSiteAsync();
        const string text = "The council should publish the minutes before the vote, not after it.";

        using var viaCoral = await SendAsync(site, Phase(text));
        var grpc = Comments.Clean(text);
        var viaGrpc = await site.SubmitAsync(grpc);

        Assert.Equal(Verdict.Approved, viaGrpc.Assessment.Verdict);
        Assert.Equal("APPROVED", (string?)JsonNode.Parse(await viaCoral.Content.ReadAsStringAsync())!["status"]);
    }

    [Fact]
    public async Task ASiteWithoutASecret_OrAPayloadThatIsNotCorals_IsNeverStored()
    {
        var plain = await fixture.CreateSiteAsync();
        var site = await CoralSiteAsync();

        using var noSecret = await SendAsync(plain, Phase("No secret set on this site"));
        var garbage = "{\"comment\": 3";
        using var notJson = await SendAsync(site, garbage);
        using var noAuthor = await SendAsync(site, "{\"comment\": {\"body\": \"hi\"}, \"story\": {\"id\": \"s\"}}");

        Assert.Equal(HttpStatusCode.Unauthorized, noSecret.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noAuthor.StatusCode);
        Assert.Equal(0, Records(plain) + Records(site));
    }

    private async Task<TestSite> CoralSiteAsync()
    {
        var site = await fixture.CreateSiteAsync(new SiteSettings { CoralSigningSecret = Secret });
        return site;
    }

    private static string Phase(string body) => new JsonObject
    {
        ["action"] = "NEW",
        ["comment"] = new JsonObject { ["body"] = body, ["parentID"] = null },
        ["author"] = new JsonObject { ["id"] = "user-" + Guid.NewGuid().ToString("N")[..8], ["role"] = "COMMENTER" },
        ["story"] = new JsonObject { ["id"] = "story-42", ["url"] = "https://news.example/2026/12/school-board" },
        ["site"] = new JsonObject { ["id"] = "coral-site-1" },
        ["tenantID"] = "tenant-1",
        ["tenantDomain"] = "news.example",
    }.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });

    private static string Sign(string body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    private async Task<HttpResponseMessage> SendAsync(TestSite site, string body, string? signature = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/coral/v1/sites/{site.SiteId}/phase")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.UserAgent.ParseAdd("Coral-Moderation/9.11.8");
        var header = signature ?? Sign(body, Secret);
        if (header.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("X-Coral-Signature", header);
        }
        return await fixture.Http.SendAsync(request);
    }

    private int Records(TestSite site) => fixture.RedisServer.Keys(pattern: $"{{s:{site.SiteId}}}:c:*").Count();
}
