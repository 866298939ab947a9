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
var moderation = new ModerationService.ModerationServiceClient(channel);
var site = cli.Get("site") ?? "";
var printer = new JsonFormatter(JsonFormatter.Settings.Default.WithIndentation());

try
{
    // Streams print one JSON object per line until interrupted.
    if (cli.Command is "queue watch" or "comments watch")
    {
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        var lines = new JsonFormatter(JsonFormatter.Settings.Default);
        try
        {
            if (cli.Command == "queue watch")
            {
                using var watch = moderation.WatchQueue(new WatchQueueRequest { SiteId = site }, auth, cancellationToken: stop.Token);
                await foreach (var e in watch.ResponseStream.ReadAllAsync(stop.Token))
                {
                    Console.WriteLine(lines.Format(e));
                }
            }
            else
            {
                using var watch = comments.WatchDecisions(new WatchDecisionsRequest { SiteId = site, Cursor = cli.Get("cursor") ?? "" }, auth, cancellationToken: stop.Token);
                await foreach (var e in watch.ResponseStream.ReadAllAsync(stop.Token))
                {
                    Console.WriteLine(lines.Format(e));
                }
            }
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled)
        {
        }
        return 0;
    }

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
        "comments get" => await comments.GetCommentAsync(new GetCommentRequest { SiteId = site, CommentId = cli.Arg(0, "comment id") }, auth),
        "comments report-spam" => await comments.ReportSpamAsync(new ReportSpamRequest { SiteId = site, CommentId = cli.Arg(0, "comment id"), Note = cli.Get("note") ?? "" }, auth),
        "comments report-ham" => await comments.ReportHamAsync(new ReportHamRequest { SiteId = site, CommentId = cli.Arg(0, "comment id"), Note = cli.Get("note") ?? "" }, auth),
        "sites update" => await admin.UpdateSiteAsync(SiteEdits.Update(cli.Arg(0, "site id"), cli.Get("name"), cli.Get("settings")), auth),
        "lists add" or "lists remove" => await admin.UpdateSiteAsync(SiteEdits.EditList(
            (await admin.GetSiteAsync(new GetSiteRequest { SiteId = cli.Arg(0, "site id") }, auth)).Site,
            cli.Arg(1, "list name, such as blocked_emails"), cli.Arg(2, "entry"), add: cli.Command == "lists add"), auth),
        "models import" => await Importer.ImportAsync(admin, auth, site, cli.Args(1, "CSV file"), cli.Has("train")),
        "models train" => await admin.TrainModelAsync(new TrainModelRequest { SiteId = site }, auth),
        "webhooks dead" => await admin.ListDeadWebhooksAsync(new ListDeadWebhooksRequest { SiteId = cli.Arg(0, "site id") }, auth),
        "webhooks redeliver" => await admin.RedeliverWebhooksAsync(new RedeliverWebhooksRequest { SiteId = cli.Arg(0, "site id") }, auth),
        "queue list" => await moderation.ListCommentsAsync(new ListCommentsRequest
        {
            SiteId = site,
            Filter = QueueArgs.Filter(cli),
            Order = cli.Has("oldest") ? SortOrder.OldestFirst : SortOrder.NewestFirst,
            PageSize = int.Parse(cli.Get("page-size") ?? "20", System.Globalization.CultureInfo.InvariantCulture),
            PageToken = cli.Get("page-token") ?? "",
        }, auth),
        "queue claim" => await moderation.ClaimCommentsAsync(new ClaimCommentsRequest
        {
            SiteId = site,
            Count = int.Parse(cli.Get("count") ?? "10", System.Globalization.CultureInfo.InvariantCulture),
            Lease = Duration.FromTimeSpan(TimeSpan.FromSeconds(double.Parse(cli.Get("lease-seconds") ?? "300", System.Globalization.CultureInfo.InvariantCulture))),
            Queue = cli.Has("spam") ? CommentStatus.Spam : CommentStatus.Pending,
        }, auth),
        "queue release" => await moderation.ReleaseCommentsAsync(new ReleaseCommentsRequest { SiteId = site, CommentIds = { cli.Args(1, "comment id") } }, auth),
        "queue approve" or "queue reject" or "queue spam" or "queue not-spam" => cli.Args(1, "comment id").ToList() is [var only]
            ? await moderation.ModerateCommentAsync(new ModerateCommentRequest
            {
                SiteId = site,
                CommentId = only,
                Action = QueueArgs.Action(cli.Command),
                Note = cli.Get("note") ?? "",
                ExpectedStatus = QueueArgs.Status(cli.Get("expect")),
            }, auth)
            : await moderation.BatchModerateCommentsAsync(new BatchModerateCommentsRequest
            {
                SiteId = site,
                Action = QueueArgs.Action(cli.Command),
                Note = cli.Get("note") ?? "",
                ExpectedStatus = QueueArgs.Status(cli.Get("expect")),
                CommentIds = new CommentIds { Ids = { cli.Args(1, "comment id") } },
            }, auth),
        "queue bulk" => await moderation.BatchModerateCommentsAsync(new BatchModerateCommentsRequest
        {
            SiteId = site,
            Action = QueueArgs.Action("queue " + cli.Arg(0, "action: approve, reject, spam or not-spam")),
            Note = cli.Get("note") ?? "",
            Filter = QueueArgs.Filter(cli),
        }, auth),
        "queue stats" => await moderation.GetQueueStatsAsync(new GetQueueStatsRequest { SiteId = site }, auth),
        "authors set" => await moderation.SetAuthorStatusAsync(QueueArgs.AuthorStatus(cli, site), auth),
        _ => throw new UsageException($"Unknown command '{cli.Command}'."),
    };
    Console.WriteLine(printer.Format(result));
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
