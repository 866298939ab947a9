using System.CommandLine;
using Google.Protobuf.WellKnownTypes;
using Moderation.Contracts.V1;

namespace Moderation.Cli;

/// <summary>Every command, by group, each one call of the service.</summary>
public static class CommandTree
{
    public static IEnumerable<Command> Groups(Runner run) =>
        [Sites(run), Keys(run), Comments(run), Lists(run), Webhooks(run), Models(run), Queue(run), Authors(run)];

    private static Command Sites(Runner run)
    {
        var id = SiteIdArgument();
        var name = new Option<string>("--name") { Description = "The site's display name." };
        var create = new Command("create", "Creates a site.") { id, name };
        create.SetAction(run.Call(async (p, c, ct) => await c.Admin.CreateSiteAsync(new CreateSiteRequest
        {
            Site = new Site { SiteId = p.GetValue(id)!, DisplayName = p.GetValue(name) ?? "", Settings = new SiteSettings() },
        }, c.Auth, cancellationToken: ct)));

        var get = new Command("get", "Shows a site and its settings.") { id };
        get.SetAction(run.Call(async (p, c, ct) => await c.Admin.GetSiteAsync(new GetSiteRequest { SiteId = p.GetValue(id)! }, c.Auth, cancellationToken: ct)));

        var pageSize = PageSizeOption();
        var pageToken = PageTokenOption();
        var list = new Command("list", "Lists the sites.") { pageSize, pageToken };
        list.SetAction(run.Call(async (p, c, ct) => await c.Admin.ListSitesAsync(new ListSitesRequest { PageSize = p.GetValue(pageSize), PageToken = p.GetValue(pageToken) ?? "" }, c.Auth, cancellationToken: ct)));

        var settings = new Option<string>("--settings") { Description = """Settings to change as JSON, such as '{"maxLinks": 3}'; others keep their values.""" };
        var update = new Command("update", "Changes a site's name or some of its settings.") { id, name, settings };
        update.SetAction(run.Call(async (p, c, ct) => await c.Admin.UpdateSiteAsync(SiteEdits.Update(p.GetValue(id)!, p.GetValue(name), p.GetValue(settings)), c.Auth, cancellationToken: ct)));

        return new Command("sites", "Sites and their settings.") { create, get, list, update };
    }

    private static Command Keys(Runner run)
    {
        var role = new Option<string>("--role") { Description = "What the key may do.", Required = true };
        role.AcceptOnlyFromAmong("site", "moderator", "admin");
        var sites = new Option<string[]>("--site") { Description = "A site the key covers; repeat it for a moderator of several sites." };
        var name = new Option<string>("--name") { Description = "Who or what holds the key." };
        var hostLabel = new Option<bool>("--akismet") { Description = "Issue a site key in the host-label form Akismet clients need (lowercase letters and digits)." };
        var create = new Command("create", "Issues an API key; its secret is shown once.") { role, sites, name, hostLabel };
        create.SetAction(run.Call(async (p, c, ct) => await c.Admin.CreateApiKeyAsync(new CreateApiKeyRequest
        {
            Role = p.GetValue(role) switch { "site" => ApiKeyRole.Site, "moderator" => ApiKeyRole.Moderator, _ => ApiKeyRole.Admin },
            SiteIds = { p.GetValue(sites) ?? [] },
            DisplayName = p.GetValue(name) ?? "",
            HostLabelForm = p.GetValue(hostLabel),
        }, c.Auth, cancellationToken: ct)));

        var site = SiteOption("Only keys covering this site.");
        var pageSize = PageSizeOption();
        var pageToken = PageTokenOption();
        var list = new Command("list", "Lists the keys, never their secrets.") { site, pageSize, pageToken };
        list.SetAction(run.Call(async (p, c, ct) => await c.Admin.ListApiKeysAsync(new ListApiKeysRequest { SiteId = p.GetValue(site) ?? "", PageSize = p.GetValue(pageSize), PageToken = p.GetValue(pageToken) ?? "" }, c.Auth, cancellationToken: ct)));

        var keyId = new Argument<string>("key-id") { Description = "The part of the key between 'mod_' and the dot (in the Akismet form, the 16 characters after 'ak')." };
        var revoke = new Command("revoke", "Revokes a key on every replica at once.") { keyId };
        revoke.SetAction(run.Call(async (p, c, ct) => await c.Admin.RevokeApiKeyAsync(new RevokeApiKeyRequest { KeyId = p.GetValue(keyId)! }, c.Auth, cancellationToken: ct)));

        return new Command("keys", "API keys.") { create, list, revoke };
    }

    private static Command Comments(Runner run)
    {
        var site = SiteOption();
        var content = new Option<string>("--content") { Description = "The comment text.", Required = true };
        var post = new Option<string>("--post") { Description = "The post's id.", DefaultValueFactory = _ => "1" };
        var name = new Option<string>("--name") { Description = "The author's name." };
        var email = new Option<string>("--email") { Description = "The author's email address." };
        var url = new Option<string>("--url") { Description = "The author's website." };
        var ip = new Option<string>("--ip") { Description = "The author's IP address.", DefaultValueFactory = _ => "127.0.0.1" };
        var id = new Option<string>("--id") { Description = "The host's comment id; a new one when not given. Reuse it to retry." };
        var userAgent = new Option<string>("--user-agent") { Description = "The browser's User-Agent header.", DefaultValueFactory = _ => "moderation-cli" };
        var renderedAgo = new Option<double?>("--rendered-seconds-ago") { Description = "How long ago the form was shown." };
        var test = new Option<bool>("--test") { Description = "Score only: store and learn nothing." };
        var submit = new Command("submit", "Submits a comment as a host site would and shows the verdict.") { content, site, post, name, email, url, ip, userAgent, id, renderedAgo, test };
        submit.SetAction(run.Call(async (p, c, ct) => await c.Comments.SubmitCommentAsync(new SubmitCommentRequest
        {
            SiteId = p.GetValue(site) ?? "",
            Test = p.GetValue(test),
            Comment = new CommentSubmission
            {
                HostCommentId = p.GetValue(id) ?? Guid.NewGuid().ToString(),
                PostId = p.GetValue(post)!,
                Content = p.GetValue(content)!,
                AuthorName = p.GetValue(name) ?? "",
                AuthorEmail = p.GetValue(email) ?? "",
                AuthorUrl = p.GetValue(url) ?? "",
                AuthorIp = p.GetValue(ip)!,
                UserAgent = p.GetValue(userAgent)!,
                FormRenderedAt = p.GetValue(renderedAgo) is { } ago ? Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddSeconds(-ago)) : null,
            },
        }, c.Auth, cancellationToken: ct)));

        var commentId = CommentIdArgument();
        var get = new Command("get", "Shows a comment with its assessment and history.") { commentId, site };
        get.SetAction(run.Call(async (p, c, ct) => await c.Comments.GetCommentAsync(new GetCommentRequest { SiteId = p.GetValue(site) ?? "", CommentId = p.GetValue(commentId)! }, c.Auth, cancellationToken: ct)));

        var note = NoteOption();
        var reportSpam = new Command("report-spam", "Reports a comment the filter let through.") { commentId, note, site };
        reportSpam.SetAction(run.Call(async (p, c, ct) => await c.Comments.ReportSpamAsync(new ReportSpamRequest { SiteId = p.GetValue(site) ?? "", CommentId = p.GetValue(commentId)!, Note = p.GetValue(note) ?? "" }, c.Auth, cancellationToken: ct)));
        var reportHam = new Command("report-ham", "Reports a comment the filter held or blocked wrongly.") { commentId, note, site };
        reportHam.SetAction(run.Call(async (p, c, ct) => await c.Comments.ReportHamAsync(new ReportHamRequest { SiteId = p.GetValue(site) ?? "", CommentId = p.GetValue(commentId)!, Note = p.GetValue(note) ?? "" }, c.Auth, cancellationToken: ct)));

        var cursor = new Option<string>("--cursor") { Description = "Resume after this event's cursor; new events only when not given." };
        var watch = new Command("watch", "Prints each status change of the site's comments as a JSON line, until interrupted.") { cursor, site };
        watch.SetAction(run.Watch((p, c, ct) => c.Comments.WatchDecisions(new WatchDecisionsRequest { SiteId = p.GetValue(site) ?? "", Cursor = p.GetValue(cursor) ?? "" }, c.Auth, cancellationToken: ct)));

        return new Command("comments", "Comments as a host site sees them.") { submit, get, reportSpam, reportHam, watch };
    }

    private static Command Lists(Runner run)
    {
        var id = SiteIdArgument();
        var list = new Argument<string>("list") { Description = "A list setting, such as blocked_emails, trusted_ips or disallowed_terms." };
        var entry = new Argument<string>("entry") { Description = "The entry to add or remove." };
        Command Edit(string name, string description, bool add)
        {
            var command = new Command(name, description) { id, list, entry };
            command.SetAction(run.Call(async (p, c, ct) =>
            {
                var site = (await c.Admin.GetSiteAsync(new GetSiteRequest { SiteId = p.GetValue(id)! }, c.Auth, cancellationToken: ct)).Site;
                return await c.Admin.UpdateSiteAsync(SiteEdits.EditList(site, p.GetValue(list)!, p.GetValue(entry)!, add), c.Auth, cancellationToken: ct);
            }));
            return command;
        }
        return new Command("lists", "A site's word, author and address lists.") { Edit("add", "Adds an entry to a site's list.", add: true), Edit("remove", "Removes an entry from a site's list.", add: false) };
    }

    private static Command Webhooks(Runner run)
    {
        var id = SiteIdArgument();
        var pageSize = PageSizeOption();
        var pageToken = PageTokenOption();
        var dead = new Command("dead", "Lists the site's webhook deliveries that failed for good, newest first.") { id, pageSize, pageToken };
        dead.SetAction(run.Call(async (p, c, ct) => await c.Admin.ListDeadWebhooksAsync(new ListDeadWebhooksRequest { SiteId = p.GetValue(id)!, PageSize = p.GetValue(pageSize), PageToken = p.GetValue(pageToken) ?? "" }, c.Auth, cancellationToken: ct)));
        var redeliver = new Command("redeliver", "Queues the site's dead deliveries again.") { id };
        redeliver.SetAction(run.Call(async (p, c, ct) => await c.Admin.RedeliverWebhooksAsync(new RedeliverWebhooksRequest { SiteId = p.GetValue(id)! }, c.Auth, cancellationToken: ct)));
        return new Command("webhooks", "Webhook deliveries.") { dead, redeliver };
    }

    private static Command Models(Runner run)
    {
        var site = SiteOption("Train this site's model; the global model when not given.");
        var files = new Argument<string[]>("file") { Description = "Labeled CSV files: COMMENT_ID,AUTHOR,DATE,CONTENT,CLASS (1 = spam).", Arity = ArgumentArity.OneOrMore };
        var train = new Option<bool>("--train") { Description = "Train once the examples are in." };
        var replace = new Option<bool>("--replace") { Description = "Drop the scope's earlier examples first, moderator decisions included." };
        var import = new Command("import", "Imports labeled comments as training examples, each file as its own source.") { files, site, train, replace };
        import.SetAction(run.Call(async (p, c, ct) => await Importer.ImportAsync(c.Admin, c.Auth, p.GetValue(site) ?? "", p.GetValue(files)!, p.GetValue(train), p.GetValue(replace), ct)));
        var trainNow = new Command("train", "Trains a model from its examples now.") { site };
        trainNow.SetAction(run.Call(async (p, c, ct) => await c.Admin.TrainModelAsync(new TrainModelRequest { SiteId = p.GetValue(site) ?? "" }, c.Auth, cancellationToken: ct)));
        return new Command("models", "The learned filter's examples and models.") { import, trainNow };
    }

    private static Command Queue(Runner run)
    {
        var site = SiteOption();
        var filter = new QueueFilter();

        var oldest = new Option<bool>("--oldest") { Description = "Oldest first; newest first when not given." };
        var pageSize = new Option<int>("--page-size") { Description = "Comments per page, up to 200.", DefaultValueFactory = _ => 20 };
        var pageToken = PageTokenOption();
        var list = new Command("list", "Lists comments of one status, filtered.") { site, oldest, pageSize, pageToken };
        filter.AddTo(list);
        list.SetAction(run.Call(async (p, c, ct) => await c.Moderation.ListCommentsAsync(new ListCommentsRequest
        {
            SiteId = p.GetValue(site) ?? "",
            Filter = filter.From(p),
            Order = p.GetValue(oldest) ? SortOrder.OldestFirst : SortOrder.NewestFirst,
            PageSize = p.GetValue(pageSize),
            PageToken = p.GetValue(pageToken) ?? "",
        }, c.Auth, cancellationToken: ct)));

        var count = new Option<int>("--count") { Description = "How many comments to claim, up to 100.", DefaultValueFactory = _ => 10 };
        var lease = new Option<double>("--lease-seconds") { Description = "How long the claim lasts.", DefaultValueFactory = _ => 300 };
        var spam = new Option<bool>("--spam") { Description = "Claim from the spam queue instead of the pending one." };
        var claim = new Command("claim", "Claims comments: nobody else gets them until decided, released or the lease ends.") { site, count, lease, spam };
        claim.SetAction(run.Call(async (p, c, ct) => await c.Moderation.ClaimCommentsAsync(new ClaimCommentsRequest
        {
            SiteId = p.GetValue(site) ?? "",
            Count = p.GetValue(count),
            Lease = Duration.FromTimeSpan(TimeSpan.FromSeconds(p.GetValue(lease))),
            Queue = p.GetValue(spam) ? CommentStatus.Spam : CommentStatus.Pending,
        }, c.Auth, cancellationToken: ct)));

        var ids = new Argument<string[]>("comment-id") { Description = "Our comment ids.", Arity = ArgumentArity.OneOrMore };
        var release = new Command("release", "Gives claimed comments back to the queue.") { ids, site };
        release.SetAction(run.Call(async (p, c, ct) => await c.Moderation.ReleaseCommentsAsync(new ReleaseCommentsRequest { SiteId = p.GetValue(site) ?? "", CommentIds = { p.GetValue(ids)! } }, c.Auth, cancellationToken: ct)));

        var note = NoteOption();
        var expect = new Option<string>("--expect") { Description = "Decide only if the comment still has this status." };
        expect.AcceptOnlyFromAmong(QueueFilter.StatusNames);
        var queue = new Command("queue", "Moderation queues: list, claim and decide comments.") { list, claim, release };
        foreach (var (name, action, description) in new[]
        {
            ("approve", ModerationAction.Approve, "Publishes comments."),
            ("reject", ModerationAction.Reject, "Rejects comments: not published, not spam."),
            ("spam", ModerationAction.Spam, "Marks comments as spam, which trains the filter."),
            ("not-spam", ModerationAction.NotSpam, "Rescues comments from spam, which trains the filter."),
        })
        {
            var decide = new Command(name, description + " Several ids are decided as one batch.") { ids, note, expect, site };
            decide.SetAction(run.Call(async (p, c, ct) =>
            {
                var chosen = p.GetValue(ids)!;
                var expected = QueueFilter.Status(p.GetValue(expect));
                return chosen is [var only]
                    ? await c.Moderation.ModerateCommentAsync(new ModerateCommentRequest { SiteId = p.GetValue(site) ?? "", CommentId = only, Action = action, Note = p.GetValue(note) ?? "", ExpectedStatus = expected }, c.Auth, cancellationToken: ct)
                    : await c.Moderation.BatchModerateCommentsAsync(new BatchModerateCommentsRequest { SiteId = p.GetValue(site) ?? "", Action = action, Note = p.GetValue(note) ?? "", ExpectedStatus = expected, CommentIds = new CommentIds { Ids = { chosen } } }, c.Auth, cancellationToken: ct);
            }));
            queue.Subcommands.Add(decide);
        }

        var bulkAction = new Argument<string>("action") { Description = "approve, reject, spam or not-spam." };
        bulkAction.AcceptOnlyFromAmong("approve", "reject", "spam", "not-spam");
        var bulk = new Command("bulk", "Decides every comment a filter selects, such as all pending comments from one IP range.") { bulkAction, note, site };
        filter.AddTo(bulk);
        bulk.SetAction(run.Call(async (p, c, ct) => await c.Moderation.BatchModerateCommentsAsync(new BatchModerateCommentsRequest
        {
            SiteId = p.GetValue(site) ?? "",
            Action = p.GetValue(bulkAction) switch { "approve" => ModerationAction.Approve, "reject" => ModerationAction.Reject, "spam" => ModerationAction.Spam, _ => ModerationAction.NotSpam },
            Note = p.GetValue(note) ?? "",
            Filter = filter.From(p),
        }, c.Auth, cancellationToken: ct)));

        var stats = new Command("stats", "Counts per status, the oldest pending comment's age, claims and the last days' decisions.") { site };
        stats.SetAction(run.Call(async (p, c, ct) => await c.Moderation.GetQueueStatsAsync(new GetQueueStatsRequest { SiteId = p.GetValue(site) ?? "" }, c.Auth, cancellationToken: ct)));

        var watch = new Command("watch", "Prints queue events as JSON lines, until interrupted.") { site };
        watch.SetAction(run.Watch((p, c, ct) => c.Moderation.WatchQueue(new WatchQueueRequest { SiteId = p.GetValue(site) ?? "" }, c.Auth, cancellationToken: ct)));

        var days = new Option<int>("--days") { Description = "How many days of decisions to read, 1 to 30.", DefaultValueFactory = _ => 30 };
        var report = new Command("report", "How often people reversed the filter's verdicts, overall and per rule.") { days, site };
        report.SetAction(run.Call(async (p, c, ct) => await c.Moderation.GetFilterReportAsync(new GetFilterReportRequest { SiteId = p.GetValue(site) ?? "", Days = p.GetValue(days) }, c.Auth, cancellationToken: ct)));

        queue.Subcommands.Add(bulk);
        queue.Subcommands.Add(stats);
        queue.Subcommands.Add(watch);
        queue.Subcommands.Add(report);
        return queue;
    }

    private static Command Authors(Runner run)
    {
        var status = new Argument<string>("status") { Description = "trusted, blocked, premoderated, or none to clear." };
        status.AcceptOnlyFromAmong("trusted", "blocked", "premoderated", "none");
        var email = new Option<string>("--email") { Description = "The author's email address." };
        var ip = new Option<string>("--ip") { Description = "The author's IP address or CIDR range." };
        var removePending = new Option<bool>("--remove-pending") { Description = "With blocked: send the author's pending comments to spam." };
        var site = SiteOption();
        var set = new Command("set", "Trusts, blocks or pre-moderates an author by email or IP.") { status, email, ip, removePending, site };
        set.Validators.Add(result =>
        {
            if ((result.GetValue(email) is null) == (result.GetValue(ip) is null))
            {
                result.AddError("Give --email or --ip, not both.");
            }
        });
        set.SetAction(run.Call(async (p, c, ct) =>
        {
            var request = new SetAuthorStatusRequest
            {
                SiteId = p.GetValue(site) ?? "",
                RemovePending = p.GetValue(removePending),
                Status = p.GetValue(status) switch
                {
                    "trusted" => AuthorStatus.Trusted,
                    "blocked" => AuthorStatus.Blocked,
                    "premoderated" => AuthorStatus.Premoderated,
                    _ => AuthorStatus.Unspecified,
                },
            };
            if (p.GetValue(email) is { } address)
            {
                request.AuthorEmail = address;
            }
            else
            {
                request.AuthorIp = p.GetValue(ip)!;
            }
            return await c.Moderation.SetAuthorStatusAsync(request, c.Auth, cancellationToken: ct);
        }));
        var eraseEmail = new Option<string>("--email") { Description = "The commenter's email address.", Required = true };
        var eraseIp = new Option<string>("--ip") { Description = "Also the commenter's own IP address (not one others share)." };
        var anonymise = new Option<bool>("--anonymise") { Description = "Keep the comments' text, without name, email, website, IP or browser." };
        var eraseSite = SiteOption();
        var erase = new Command("erase", "Deletes (or anonymises) everything stored for a commenter on the site; needs a site key.") { eraseEmail, eraseIp, anonymise, eraseSite };
        erase.SetAction(run.Call(async (p, c, ct) => await c.Comments.EraseAuthorDataAsync(new EraseAuthorDataRequest
        {
            SiteId = p.GetValue(eraseSite) ?? "",
            AuthorEmail = p.GetValue(eraseEmail)!,
            AuthorIp = p.GetValue(eraseIp) ?? "",
            Anonymise = p.GetValue(anonymise),
        }, c.Auth, cancellationToken: ct)));
        return new Command("authors", "How a site treats an author, and forgetting one.") { set, erase };
    }

    private static Argument<string> SiteIdArgument() => new("site-id") { Description = "The site's id: lowercase letters, digits and dashes." };

    private static Argument<string> CommentIdArgument() => new("comment-id") { Description = "Our comment id, as the submit answer gave it." };

    private static Option<string> SiteOption(string description = "The site; a site key's own site when not given.") => new("--site") { Description = description };

    private static Option<string> NoteOption() => new("--note") { Description = "A note for the audit trail." };

    private static Option<int> PageSizeOption() => new("--page-size") { Description = "The most items per page; the service's default (100) when not given." };

    private static Option<string> PageTokenOption() => new("--page-token") { Description = "The next_page_token of the previous page." };

}
