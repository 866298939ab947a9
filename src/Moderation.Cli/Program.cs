using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Moderation.Cli;
using Moderation.Contracts.V1;

var cli = CommandLine.Parse(args);
if (cli.Command.Length == 0 || cli.Has("help"))
{
    Console.WriteLine(CommandLine.Usage);
    return cli.Command.Length == 0 ? 2 : 0;
}

var server = cli.Get("server") ?? Environment.GetEnvironmentVariable("MODERATION_SERVER") ?? "http://127.0.0.1:5080";
var key = cli.Get("key") ?? Environment.GetEnvironmentVariable("MODERATION_KEY");
if (string.IsNullOrEmpty(key))
{
    Console.Error.WriteLine("Give an API key with --key or MODERATION_KEY.");
    return 2;
}
using var channel = GrpcChannel.ForAddress(server);
var auth = new Metadata { { "authorization", "Bearer " + key } };
var admin = new AdminService.AdminServiceClient(channel);
var comments = new CommentService.CommentServiceClient(channel);

try
{
    IMessage result = cli.Command switch
    {
        "sites create" => await admin.CreateSiteAsync(new CreateSiteRequest
        {
            Site = new Site { SiteId = cli.Arg(0, "site id"), DisplayName = cli.Get("name") ?? "", Settings = new SiteSettings() },
        }, auth),
        "sites get" => await admin.GetSiteAsync(new GetSiteRequest { SiteId = cli.Arg(0, "site id") }, auth),
        "sites list" => await admin.ListSitesAsync(new ListSitesRequest(), auth),
        "keys create" => await admin.CreateApiKeyAsync(new CreateApiKeyRequest
        {
            Role = cli.Get("role") switch
            {
                "site" => ApiKeyRole.Site,
                "moderator" => ApiKeyRole.Moderator,
                "admin" => ApiKeyRole.Admin,
                _ => throw new UsageException("--role must be site, moderator or admin"),
            },
            SiteIds = { cli.All("site") },
            DisplayName = cli.Get("name") ?? "",
        }, auth),
        "keys list" => await admin.ListApiKeysAsync(new ListApiKeysRequest { SiteId = cli.Get("site") ?? "" }, auth),
        "keys revoke" => await admin.RevokeApiKeyAsync(new RevokeApiKeyRequest { KeyId = cli.Arg(0, "key id") }, auth),
        "comments submit" => await comments.SubmitCommentAsync(new SubmitCommentRequest
        {
            SiteId = cli.Get("site") ?? "",
            Test = cli.Has("test"),
            Comment = new CommentSubmission
            {
                HostCommentId = cli.Get("id") ?? Guid.NewGuid().ToString(),
                PostId = cli.Get("post") ?? "1",
                Content = cli.Get("content") ?? throw new UsageException("--content is required"),
                AuthorName = cli.Get("name") ?? "",
                AuthorEmail = cli.Get("email") ?? "",
                AuthorUrl = cli.Get("url") ?? "",
                AuthorIp = cli.Get("ip") ?? "127.0.0.1",
                UserAgent = cli.Get("user-agent") ?? "moderation-cli",
                FormRenderedAt = cli.Get("rendered-seconds-ago") is { } ago
                    ? Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddSeconds(-double.Parse(ago, System.Globalization.CultureInfo.InvariantCulture)))
                    : null,
            },
        }, auth),
        "comments get" => await comments.GetCommentAsync(new GetCommentRequest { SiteId = cli.Get("site") ?? "", CommentId = cli.Arg(0, "comment id") }, auth),
        _ => throw new UsageException($"Unknown command '{cli.Command}'."),
    };
    Console.WriteLine(new JsonFormatter(JsonFormatter.Settings.Default.WithIndentation()).Format(result));
    return 0;
}
catch (UsageException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(CommandLine.Usage);
    return 2;
}
catch (RpcException ex)
{
    Console.Error.WriteLine($"{ex.StatusCode}: {ex.Status.Detail}");
    var status = ex.GetRpcStatus();
    foreach (var violation in status?.GetDetail<Google.Rpc.BadRequest>()?.FieldViolations ?? [])
    {
        Console.Error.WriteLine($"  {violation.Field}: {violation.Description}");
    }
    return 1;
}
