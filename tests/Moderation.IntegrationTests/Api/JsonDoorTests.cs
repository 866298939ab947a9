using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Api;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi.Readers;
using Moderation.Contracts.V1;
using Moderation.IntegrationTests.Infrastructure;

namespace Moderation.IntegrationTests.Api;

/// <summary>A service that also listens for HTTP/1.1, as the HttpUrls setting makes it, for the JSON door.</summary>
public sealed class JsonDoorFixture : ServiceFixture
{
    public HttpClient Http { get; private set; } = null!;

    protected override void Configure(WebApplicationBuilder builder) =>
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http1));

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var addresses = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var http1 = addresses.Single(a => new Uri(a) != Address);
        Http = new HttpClient { BaseAddress = new Uri(http1), DefaultRequestVersion = HttpVersion.Version11, Timeout = TimeSpan.FromSeconds(30) };
    }

    public override async Task DisposeAsync()
    {
        Http.Dispose();
        await base.DisposeAsync();
    }
}

public sealed class JsonDoorTests(JsonDoorFixture fixture) : IClassFixture<JsonDoorFixture>
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default);

    [Fact]
    public async Task ACommentSubmittedAsJsonOverHttp1_IsStoredOnce_AndTheGrpcDoorSeesTheSameRecord()
    {
        var site = await fixture.CreateSiteAsync();
        var comment = Comments.Clean();

        using var submitted = await SendAsync(HttpMethod.Post, $"/v1/sites/{site.SiteId}/comments", site.Key, new JsonObject { ["comment"] = Json(comment) });
        var answer = await BodyAsync(submitted);

        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        Assert.Equal(new Version(1, 1), submitted.Version);
        Assert.Equal("VERDICT_APPROVED", (string?)answer["assessment"]!["verdict"]);
        var commentId = (string)answer["commentId"]!;
        Assert.Equal(commentId, Moderation.Server.Storage.CommentIdentity.For(site.SiteId, comment.HostCommentId));

        // The same host comment id through the gRPC door is a retry of the same comment.
        var retry = await site.SubmitAsync(comment);
        Assert.True(retry.Replayed);
        Assert.Equal(commentId, retry.CommentId);
        Assert.Single(fixture.RedisServer.Keys(pattern: $"{{s:{site.SiteId}}}:c:*"));

        using var read = await SendAsync(HttpMethod.Get, $"/v1/sites/{site.SiteId}/comments/{commentId}", site.Key);
        var stored = await BodyAsync(read);
        Assert.Equal("COMMENT_STATUS_APPROVED", (string?)stored["comment"]!["status"]);
        using var byHostId = await SendAsync(HttpMethod.Get, $"/v1/sites/{site.SiteId}/hostComments/{Uri.EscapeDataString(comment.HostCommentId)}", site.Key);
        Assert.Equal(commentId, (string?)(await BodyAsync(byHostId))["comment"]!["commentId"]);
    }

    [Fact]
    public async Task AReportOverJson_ChangesTheStatus_AndTheDecisionStreamResumesFromItsCursor()
    {
        var site = await fixture.CreateSiteAsync();
        var first = await site.SubmitAsync(Comments.Clean());

        using var report = await SendAsync(HttpMethod.Post, $"/v1/sites/{site.SiteId}/comments:reportSpam", site.Key,
            new JsonObject { ["commentId"] = first.CommentId, ["note"] = "missed by the filter" });
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.Equal("COMMENT_STATUS_SPAM", (string?)(await BodyAsync(report))["status"]);

        // The stream from the submission's cursor holds the report; each event is one JSON object per line.
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/sites/{site.SiteId}/decisions:watch?cursor={Uri.EscapeDataString(first.DecisionCursor)}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", site.Key);
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var stream = await fixture.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, bound.Token);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(bound.Token));
        var line = await reader.ReadLineAsync(bound.Token);
        var decided = JsonNode.Parse(line!)!;
        Assert.Equal(first.CommentId, (string?)decided["commentId"]);
        Assert.Equal("COMMENT_STATUS_SPAM", (string?)decided["status"]);
        Assert.Equal("COMMENT_STATUS_APPROVED", (string?)decided["previousStatus"]);
        Assert.False(string.IsNullOrEmpty((string?)decided["cursor"]));
    }

    [Fact]
    public async Task Errors_AreGoogleRpcStatusAsJson_WithTheirDetails()
    {
        var site = await fixture.CreateSiteAsync();

        using var missingKey = await SendAsync(HttpMethod.Get, $"/v1/sites/{site.SiteId}/comments/{new string('a', 24)}", key: null);
        var unauthenticated = await BodyAsync(missingKey);
        Assert.Equal(HttpStatusCode.Unauthorized, missingKey.StatusCode);
        Assert.Equal((int)StatusCode.Unauthenticated, (int)unauthenticated["code"]!);
        Assert.Contains(unauthenticated["details"]!.AsArray(), d => (string?)d!["reason"] == "API_KEY_MISSING");

        using var badId = await SendAsync(HttpMethod.Get, $"/v1/sites/{site.SiteId}/comments/not-an-id", site.Key);
        var invalid = await BodyAsync(badId);
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
        Assert.Equal((int)StatusCode.InvalidArgument, (int)invalid["code"]!);
        var details = invalid["details"]!.AsArray();
        Assert.Contains(details, d => ((string?)d!["@type"])!.EndsWith("google.rpc.BadRequest", StringComparison.Ordinal)
            && d["fieldViolations"]!.AsArray().Any(v => (string?)v!["field"] == "comment_id"));
        Assert.Contains(details, d => ((string?)d!["@type"])!.EndsWith("google.rpc.ErrorInfo", StringComparison.Ordinal));

        using var notJson = new HttpRequestMessage(HttpMethod.Post, $"/v1/sites/{site.SiteId}/comments")
        {
            Content = new StringContent("{\"comment\": ", Encoding.UTF8, "application/json"),
        };
        notJson.Headers.Authorization = new AuthenticationHeaderValue("Bearer", site.Key);
        using var malformed = await fixture.Http.SendAsync(notJson);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        var unreadable = await BodyAsync(malformed);
        Assert.Equal((int)StatusCode.InvalidArgument, (int)unreadable["code"]!);
        Assert.Contains(unreadable["details"]!.AsArray(), d => (string?)d!["reason"] == "MALFORMED_MESSAGE");
        Assert.Contains(unreadable["details"]!.AsArray(), d => d!["fieldViolations"] is JsonArray { Count: 1 });
        // A value of the wrong type is the transcoder's refusal; it gets the same details.
        using var wrongType = await SendAsync(HttpMethod.Post, $"/v1/sites/{site.SiteId}/comments", site.Key, new JsonObject { ["test"] = "maybe" });
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.Contains((await BodyAsync(wrongType))["details"]!.AsArray(), d => !string.IsNullOrEmpty((string?)d!["reason"]));
        Assert.Empty(fixture.RedisServer.Keys(pattern: $"{{s:{site.SiteId}}}:c:*"));

        using var oddCharset = new HttpRequestMessage(HttpMethod.Post, $"/v1/sites/{site.SiteId}/comments")
        {
            Content = new StringContent("{}", Encoding.UTF8),
        };
        oddCharset.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=bogus");
        oddCharset.Headers.Authorization = new AuthenticationHeaderValue("Bearer", site.Key);
        using var charset = await fixture.Http.SendAsync(oddCharset);
        var refused = await BodyAsync(charset);
        Assert.Equal(HttpStatusCode.BadRequest, charset.StatusCode);
        Assert.Contains(refused["details"]!.AsArray(), d => (string?)d!["reason"] == "UNSUPPORTED_CHARSET");

        var huge = new JsonObject { ["comment"] = Json(Comments.Clean(new string('x', 600_000))) };
        using var tooLarge = await SendAsync(HttpMethod.Post, $"/v1/sites/{site.SiteId}/comments", site.Key, huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Contains((await BodyAsync(tooLarge))["details"]!.AsArray(), d => (string?)d!["reason"] == "MESSAGE_TOO_LARGE");
        Assert.Empty(fixture.RedisServer.Keys(pattern: $"{{s:{site.SiteId}}}:c:*"));
    }

    [Fact]
    public async Task TheOpenApiDocument_IsValid_AndListsEveryRouteTheProtosName()
    {
        using var response = await fixture.Http.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = new OpenApiStreamReader().Read(await response.Content.ReadAsStreamAsync(), out var diagnostic);

        Assert.True(diagnostic.Errors.Count == 0, string.Join("\n", diagnostic.Errors.Select(e => e.Pointer + ": " + e.Message)));
        // Parameter names are the document's own (JSON names); the routes are compared without them.
        var documented = document.Paths.SelectMany(p => p.Value.Operations.Keys.Select(verb => Unnamed($"{verb.ToString().ToUpperInvariant()} {p.Key}"))).ToHashSet();
        var methods = new[] { CommentService.Descriptor, ModerationService.Descriptor, AdminService.Descriptor }.SelectMany(s => s.Methods).ToList();
        // Every RPC of the three services has a route, and every route is in the document.
        Assert.All(methods, m => Assert.True(m.GetOptions()?.HasExtension(AnnotationsExtensions.Http), m.FullName + " has no route"));
        var named = methods.SelectMany(m => Bindings(m.GetOptions().GetExtension(AnnotationsExtensions.Http))).ToList();
        Assert.All(named, route => Assert.Contains(Unnamed(route), documented));
        // The protos' comments are the descriptions.
        var submit = document.Paths.Single(p => Unnamed(p.Key) == "/v1/sites/{}/comments").Value.Operations[Microsoft.OpenApi.Models.OperationType.Post];
        Assert.Contains("before the host saves it", submit.Summary + submit.Description, StringComparison.Ordinal);
    }

    private static string Unnamed(string route) => System.Text.RegularExpressions.Regex.Replace(route, @"\{[^}]*\}", "{}");

    private static IEnumerable<string> Bindings(HttpRule rule) =>
        new[] { rule }.Concat(rule.AdditionalBindings).Select(r => r.PatternCase switch
        {
            HttpRule.PatternOneofCase.Get => "GET " + r.Get,
            HttpRule.PatternOneofCase.Post => "POST " + r.Post,
            HttpRule.PatternOneofCase.Patch => "PATCH " + r.Patch,
            HttpRule.PatternOneofCase.Put => "PUT " + r.Put,
            HttpRule.PatternOneofCase.Delete => "DELETE " + r.Delete,
            _ => throw new InvalidOperationException(r.ToString()),
        });

    private static JsonNode Json(IMessage message) => JsonNode.Parse(Formatter.Format(message))!;

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
        return await fixture.Http.SendAsync(request);
    }

    private static async Task<JsonNode> BodyAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.MediaType ?? "", StringComparison.Ordinal);
        return JsonNode.Parse(text) ?? throw new JsonException("empty body");
    }
}
