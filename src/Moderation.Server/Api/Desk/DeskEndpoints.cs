using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;
using Moderation.Contracts.V1;
using Moderation.Server.Auth;
using Moderation.Server.Moderators;
using Moderation.Server.Problems;
using Moderation.Server.Sites;
using Moderation.Server.Storage;

namespace Moderation.Server.Api.Desk;

/// <summary>
/// The moderator's desk at <c>/desk</c>: server-rendered pages that work without script (reading and single
/// decisions are plain forms), a little script for the keyboard. A moderator key is exchanged for a session
/// cookie (HttpOnly, SameSite=Strict, Secure over TLS) and never appears in a URL, a page or local storage; every
/// state change carries the session's CSRF token. Comment text and every commenter field are hostile input:
/// all of it is HTML-encoded, and the pages forbid inline script.
/// </summary>
public static class DeskEndpoints
{
    private const string SessionCookie = "desk_session";
    private const string SignInCookie = "desk_signin";
    private const int PageSize = 50;

    /// <summary>How many comments a moderator holds from a queue at a time.</summary>
    private const int WorkSize = 20;

    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    public static WebApplication MapDesk(this WebApplication app)
    {
        // A store outage gets a page that says so, not an error; the desk keeps no state of its own to lose.
        var desk = app.MapGroup("/desk").AddEndpointFilter(async (invocation, next) =>
        {
            try
            {
                return await next(invocation).ConfigureAwait(false);
            }
            catch (Exception e) when (StoreOutage.Is(e) || e is ProblemException { Kind: ProblemKind.Unavailable })
            {
                return Page(invocation.HttpContext, "Unavailable", "<main><p role=\"alert\">The desk cannot reach its store just now. Nothing was changed; try again in a moment.</p></main>", StatusCodes.Status503ServiceUnavailable);
            }
        });
        desk.MapGet("", HomeAsync);
        desk.MapGet("/sign-in", SignInPage);
        desk.MapPost("/sign-in", SignInAsync).DisableAntiforgery();
        desk.MapPost("/sign-out", SignOutAsync).DisableAntiforgery();
        desk.MapGet("/queue", QueueAsync);
        desk.MapPost("/decide", DecideAsync).DisableAntiforgery();
        desk.MapPost("/bulk", BulkAsync).DisableAntiforgery();
        desk.MapPost("/author", AuthorAsync).DisableAntiforgery();
        desk.MapGet("/report", ReportAsync);
        desk.MapGet("/live", LiveAsync);
        desk.MapGet("/more", MoreAsync);
        desk.MapGet("/counts", CountsAsync);
        desk.MapGet("/desk.js", () => Results.Text(DeskAssets.Script, "text/javascript; charset=utf-8"));
        desk.MapGet("/desk.css", () => Results.Text(DeskAssets.Style, "text/css; charset=utf-8"));
        return app;
    }

    private sealed record Session(string Token, string Csrf, StoredApiKey Key);

    private static async Task<IResult> HomeAsync(HttpContext context, DeskSessionStore sessions, ApiKeyStore keys)
    {
        var session = await SessionAsync(context, sessions, keys).ConfigureAwait(false);
        return session is null
            ? Results.Redirect("/desk/sign-in")
            : Results.Redirect("/desk/queue?site=" + Uri.EscapeDataString(session.Key.SiteIds.FirstOrDefault() ?? ""));
    }

    private static IResult SignInPage(HttpContext context) => SignInForm(context, "", StatusCodes.Status200OK);

    private static IResult SignInForm(HttpContext context, string error, int status)
    {
        // Sign-in has its own CSRF token (a cookie and the same value in the form), so another site cannot sign a
        // browser in to a key of its choosing.
        var token = DeskSessionStore.NewToken();
        context.Response.Cookies.Append(SignInCookie, token, CookieOptions(context, TimeSpan.FromMinutes(30)));
        var body = new StringBuilder();
        body.Append("<main class=\"sign-in\"><h1>Moderation desk</h1>");
        if (error.Length > 0)
        {
            body.Append("<p class=\"error\" role=\"alert\">").Append(Html.Encode(error)).Append("</p>");
        }
        body.Append("<form method=\"post\" action=\"/desk/sign-in\">")
            .Append(Hidden("csrf", token))
            .Append("<label for=\"key\">Moderator key</label>")
            .Append("<input id=\"key\" name=\"key\" type=\"password\" autocomplete=\"off\" required>")
            .Append("<button type=\"submit\">Sign in</button></form></main>");
        return Page(context, "Sign in", body.ToString(), status);
    }

    private static async Task<IResult> SignInAsync(HttpContext context, ApiKeyAuthenticator authenticator, DeskSessionStore sessions)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        if (!context.Request.Cookies.TryGetValue(SignInCookie, out var expected) || !Same(expected, form["csrf"]))
        {
            return Refused(context, "The sign-in form expired; open it again.");
        }
        Caller caller;
        try
        {
            caller = await authenticator.AuthenticateAsync("Bearer " + form["key"], context.RequestAborted).ConfigureAwait(false);
        }
        catch (ProblemException)
        {
            return SignInForm(context, "That key is not a valid moderator key.", StatusCodes.Status401Unauthorized);
        }
        if (caller.Role != KeyRole.Moderator)
        {
            return SignInForm(context, "The desk takes a moderator key; this key is of another kind.", StatusCodes.Status403Forbidden);
        }
        var (token, _) = await sessions.CreateAsync(caller.KeyId).ConfigureAwait(false);
        context.Response.Cookies.Delete(SignInCookie, CookieOptions(context, null));
        context.Response.Cookies.Append(SessionCookie, token, CookieOptions(context, DeskSessionStore.Lifetime));
        return Results.Redirect("/desk", permanent: false, preserveMethod: false);
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, DeskSessionStore sessions, ApiKeyStore keys, SiteCatalog sites, QueueClaims claims)
    {
        var session = await SessionAsync(context, sessions, keys).ConfigureAwait(false);
        if (session is null)
        {
            return Results.Redirect("/desk/sign-in");
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        if (!Same(session.Csrf, form["csrf"]))
        {
            return Refused(context, "This form is not from your desk session.");
        }
        await sessions.DeleteAsync(session.Token).ConfigureAwait(false);
        // What the key held goes back to the queue now, not when the leases end (for every session of the key:
        // a moderator key is one person's).
        try
        {
            foreach (var siteId in session.Key.SiteIds)
            {
                if (await sites.GetAsync(siteId, context.RequestAborted).ConfigureAwait(false) is not { } site)
                {
                    continue;
                }
                foreach (var queue in new[] { CommentStatus.Pending, CommentStatus.Spam })
                {
                    var held = await claims.HeldAsync(site, queue, session.Key.KeyId, context.RequestAborted).ConfigureAwait(false);
                    if (held.Count > 0)
                    {
                        await claims.ReleaseAsync(site, [.. held.Select(c => c.CommentId)], session.Key.KeyId, context.RequestAborted).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (Exception e) when (StoreOutage.Is(e) || e is ProblemException)
        {
            // The session is gone either way; what is still held goes back when its lease ends.
        }
        context.Response.Cookies.Delete(SessionCookie, CookieOptions(context, null));
        return Results.Redirect("/desk/sign-in");
    }

    private static async Task<IResult> QueueAsync(HttpContext context, DeskSessionStore sessions, ApiKeyStore keys, SiteCatalog sites, CommentQuery query, QueueClaims claims, QueueStats stats, CommentStore store)
    {
        var session = await SessionAsync(context, sessions, keys).ConfigureAwait(false);
        if (session is null)
        {
            return Results.Redirect("/desk/sign-in");
        }
        var siteId = context.Request.Query["site"].ToString();
        if (await CoveredSiteAsync(session, siteId, sites, context.RequestAborted).ConfigureAwait(false) is not { } site)
        {
            return Page(context, "Not your site", "<main><p role=\"alert\">Your key does not cover that site.</p></main>", StatusCodes.Status403Forbidden);
        }
        var status = context.Request.Query["status"].ToString() switch
        {
            "spam" => CommentStatus.Spam,
            "approved" => CommentStatus.Approved,
            _ => CommentStatus.Pending,
        };
        var newestFirst = context.Request.Query["order"] == "newest";
        var filter = Filter.From(context.Request.Query);
        // The pending and spam queues, unfiltered, are the work: opening them claims comments for this moderator
        // (the same leases as ClaimComments), so two moderators never work the same comment. A filtered view lists
        // everything that matches, for bulk decisions.
        var working = status != CommentStatus.Approved && filter.IsEmpty;
        List<Comment> shown;
        if (working)
        {
            shown = await claims.HeldAsync(site, status, session.Key.KeyId, context.RequestAborted).ConfigureAwait(false);
            shown.AddRange(await TopUpAsync(claims, site, status, session.Key.KeyId, shown.Count, context.RequestAborted).ConfigureAwait(false));
        }
        else
        {
            shown = (await query.ListAsync(site, filter.Criteria(status), newestFirst, PageSize, "", context.RequestAborted).ConfigureAwait(false)).Comments;
        }
        // The comment an undo just put back comes first, so the moderator can decide it again.
        if (context.Request.Query["show"].ToString() is { Length: > 0 } back)
        {
            var at = shown.FindIndex(c => c.CommentId == back);
            var returned = at >= 0 ? shown[at] : (await store.GetAsync(siteId, back, context.RequestAborted).ConfigureAwait(false)) is { } found && found.Status == (int)status ? found.ToComment(siteId) : null;
            if (returned is not null)
            {
                shown.Remove(returned);
                shown.Insert(0, returned);
            }
        }
        var page = new CommentPage(shown, "");
        var counts = await stats.GetAsync(site, context.RequestAborted).ConfigureAwait(false);

        var body = new StringBuilder();
        body.Append("<header><h1>").Append(Html.Encode(site.Site.DisplayName)).Append("</h1><nav aria-label=\"Sites\">");
        foreach (var id in session.Key.SiteIds)
        {
            body.Append("<a href=\"/desk/queue?site=").Append(Html.Encode(Uri.EscapeDataString(id))).Append('"')
                .Append(id == siteId ? " aria-current=\"page\"" : "").Append('>').Append(Html.Encode(id)).Append("</a> ");
        }
        body.Append("</nav><nav aria-label=\"Queues\">");
        foreach (var (name, label) in new[] { ("pending", "Pending"), ("spam", "Spam"), ("approved", "Recently approved") })
        {
            var current = name == StatusNames.Of((int)status);
            body.Append("<a href=\"/desk/queue?site=").Append(Html.Encode(Uri.EscapeDataString(siteId))).Append("&amp;status=").Append(name).Append('"')
                .Append(current ? " aria-current=\"page\"" : "").Append('>').Append(label)
                .Append(" (<span class=\"queue-count\" data-queue=\"").Append(name).Append("\">")
                .Append(counts.StatusCounts.GetValueOrDefault(name).ToString(CultureInfo.InvariantCulture)).Append("</span>)</a> ");
        }
        body.Append("</nav><p class=\"stats\">");
        RenderStats(body, counts);
        body.Append("</p>");
        var here = "/desk/queue?site=" + Html.Encode(Uri.EscapeDataString(siteId)) + "&amp;status=" + StatusNames.Of((int)status);
        body.Append("<nav aria-label=\"Order\"><a href=\"").Append(here).Append("&amp;order=oldest\">Oldest first</a> <a href=\"").Append(here)
            .Append("&amp;order=newest\">Newest first</a></nav>");
        body.Append("<form method=\"post\" action=\"/desk/sign-out\" class=\"sign-out\">").Append(Hidden("csrf", session.Csrf)).Append("<button type=\"submit\">Sign out</button></form>")
            .Append("<a href=\"/desk/report?site=").Append(Html.Encode(Uri.EscapeDataString(siteId))).Append("\">Filter report and stats</a>")
            .Append("<p class=\"keys\">Press <kbd>?</kbd> for the keys.</p></header>");
        RenderHelp(body);
        // The page's script follows the queue through these; without script the page is complete as it is.
        body.Append("<main data-site=\"").Append(Html.Encode(siteId)).Append("\" data-status=\"").Append(StatusNames.Of((int)status))
            .Append("\" data-work=\"").Append(working ? "1" : "0").Append("\" data-live=\"/desk/live?site=").Append(Html.Encode(Uri.EscapeDataString(siteId))).Append("\">");
        if (context.Request.Query["author-set"].ToString() switch { "trusted" => "trusted", "premoderated" => "pre-moderated", "blocked" => "blocked, their pending comments sent to spam", _ => null } is { } set)
        {
            body.Append("<p class=\"done\" role=\"status\">The author is now ").Append(set).Append(" on this site.</p>");
        }
        if (context.Request.Query["undo"].ToString() is { Length: > 0 } undone)
        {
            RenderUndo(body, siteId, session.Csrf, StatusNames.Of((int)status), undone, StatusOf(context.Request.Query["did"].ToString()));
        }
        RenderFilter(body, siteId, StatusNames.Of((int)status), filter);
        body.Append("<p class=\"count\">").Append(page.Comments.Count.ToString(CultureInfo.InvariantCulture))
            .Append(page.Comments.Count == 1 ? " comment" : " comments")
            .Append(working ? ", claimed for you for " + QueueClaims.DefaultLease.TotalMinutes.ToString(CultureInfo.InvariantCulture) + " minutes (colleagues get others)" : newestFirst ? ", newest first" : ", oldest first").Append("</p>");
        // The bulk form's checkboxes, and the ids "All shown" takes, sit in each comment, tied to it with form="bulk".
        body.Append("<form method=\"post\" action=\"/desk/bulk\" id=\"bulk\" class=\"bulk\">")
            .Append(Hidden("csrf", session.Csrf))
            .Append(Hidden("site", siteId))
            .Append(Hidden("back", ViewQuery(context.Request.Query)))
            .Append("<input type=\"checkbox\" id=\"select-all\" name=\"all\" value=\"shown\"><label for=\"select-all\">All shown</label>");
        foreach (var (action, label) in new[] { ("spam", "Spam selected"), ("approve", "Approve selected"), ("reject", "Reject selected") })
        {
            body.Append("<button type=\"submit\" name=\"action\" value=\"").Append(action).Append("\">").Append(label).Append("</button>");
        }
        body.Append("</form>");
        // A listing shows whose lease holds a comment; the work view holds only the moderator's own.
        var holders = working || status == CommentStatus.Approved || page.Comments.Count == 0
            ? []
            : await claims.HoldersAsync(site, [.. page.Comments.Select(c => c.CommentId)], context.RequestAborted).ConfigureAwait(false);
        var names = new Dictionary<string, string>(StringComparer.Ordinal) { [session.Key.KeyId] = "you" };
        foreach (var holder in holders.Values.Distinct(StringComparer.Ordinal).Where(h => !names.ContainsKey(h)))
        {
            var key = await keys.GetAsync(holder, context.RequestAborted).ConfigureAwait(false);
            names[holder] = "a colleague (" + (key is { DisplayName.Length: > 0 } ? key.DisplayName : holder) + ")";
        }
        foreach (var comment in page.Comments)
        {
            RenderComment(body, comment, siteId, session.Csrf, status, holders.TryGetValue(comment.CommentId, out var holder) ? names[holder] : null);
        }
        body.Append("</main>");
        return Page(context, site.Site.DisplayName + " — desk", body.ToString(), StatusCodes.Status200OK);
    }

    /// <summary>Claims comments for a moderator who holds <paramref name="held"/>, up to <see cref="WorkSize"/>.</summary>
    private static async Task<List<Comment>> TopUpAsync(QueueClaims claims, SiteEntry site, CommentStatus status, string moderator, int held, CancellationToken cancellationToken)
    {
        if (held >= WorkSize)
        {
            return [];
        }
        var (_, claimed) = await claims.ClaimAsync(site, status, moderator, WorkSize - held, QueueClaims.DefaultLease, cancellationToken).ConfigureAwait(false);
        return claimed;
    }

    /// <summary>
    /// The site's queue events for an open desk page, as server-sent events: the page drops a comment a colleague
    /// claimed or decided, tops its work up when comments enter, and refreshes its counts.
    /// </summary>
    private static async Task<IResult> LiveAsync(HttpContext context, DeskSessionStore sessions, ApiKeyStore keys, SiteCatalog sites, QueueEventChannel events, IHostApplicationLifetime lifetime)
    {
        var session = await SessionAsync(context, sessions, keys).ConfigureAwait(false);
        var siteId = context.Request.Query["site"].ToString();
        if (session is null || await CoveredSiteAsync(session, siteId, sites, context.RequestAborted).ConfigureAwait(false) is null)
        {
            return Results.StatusCode(StatusCodes.Status401Unauthorized);
        }
        var subscription = await events.SubscribeAsync(siteId).ConfigureAwait(false);
        context.Response.RegisterForDisposeAsync(subscription);
        var ends = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        context.Response.RegisterForDispose(ends);
        return TypedResults.ServerSentEvents(LiveEventsAsync(subscription, session.Key.KeyId,
            async () => await SessionAsync(context, sessions, keys).ConfigureAwait(false) is not null, ends.Token));
    }

    /// <summary>How often a quiet live stream says it is alive, and checks the session still is.</summary>
    private static readonly TimeSpan LiveCheck = TimeSpan.FromSeconds(25);

    private static async IAsyncEnumerable<System.Net.ServerSentEvents.SseItem<string>> LiveEventsAsync(QueueEventSubscription subscription, string me,
        Func<Task<bool>> signedIn, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return new("{}", "ready");
        var reader = subscription.ReadAllAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        var next = reader.MoveNextAsync().AsTask();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var tick = Task.Delay(LiveCheck, cancellationToken);
                if (await Task.WhenAny(next, tick).ConfigureAwait(false) == tick)
                {
                    // A signed-out or revoked session stops receiving events within one check.
                    if (cancellationToken.IsCancellationRequested || !await signedIn().ConfigureAwait(false))
                    {
                        yield break;
                    }
                    yield return new("{}", "ping");
                    continue;
                }
                bool more;
                try
                {
                    more = await next.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }
                if (!more)
                {
                    yield break;
                }
                var e = reader.Current;
                next = reader.MoveNextAsync().AsTask();
                // Ids and status names only: nothing a commenter wrote.
                yield return new(System.Text.Json.JsonSerializer.Serialize(new LiveEvent(e.Event, e.CommentId, StatusNames.Of(e.Status), e.Actor == me)), "queue");
            }
        }
        finally
        {
            // The pending read ends with the token; the reader can be disposed only after it.
            await next.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            await reader.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed record LiveEvent(
        [property: System.Text.Json.Serialization.JsonPropertyName("event")] string Event,
        [property: System.Text.Json.Serialization.JsonPropertyName("id")] string Id,
        [property: System.Text.Json.Serialization.JsonPropertyName("status")] string Status,
        [property: System.Text.Json.Serialization.JsonPropertyName("mine")] bool Mine);

    /// <summary>More work for an open queue page that holds <c>have</c> comments: the newly claimed ones, rendered.</summary>
    private static async Task<IResult> MoreAsync(HttpContext context, DeskSessionStore sessions, ApiKeyStore keys, SiteCatalog sites, QueueClaims claims)
    {
        var session = await SessionAsync(context, sessions, keys).ConfigureAwait(false);
        var siteId = context.Request.Query["site"].ToString();
        if (session is null || await CoveredSiteAsync(session, siteId, sites, context.RequestAborted).ConfigureAwait(false) is not { } site)
        {
            return Results.StatusCode(StatusCodes.Status401Unauthorized);
        }
        var status = context.Request.Query["status"] == "spam" ? CommentStatus.Spam : CommentStatus.Pending;
        var have = int.TryParse(context.Request.Query["have"], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : WorkSize;
        var body = new StringBuilder();
        foreach (var comment in await TopUpAsync(claims, site, status, session.Key.KeyId, have, context.RequestAborted).ConfigureAwait(false))
        {
            RenderComment(body, comment, siteId, session.Csrf, status);
        }
        return Fragment(context, body.ToString());
    }

    /// <summary>Each queue's count, the oldest pending age and the claims held, for the header of an open page.</summary>
    private static async Task<IResult> CountsAsync(HttpContext context, DeskSessionStore sessions, ApiKeyStore keys, SiteCatalog sites, QueueStats stats)
    {
        var session = await SessionAsync(context, sessions, keys).ConfigureAwait(false);
        var siteId = context.Request.Query["site"].ToString();
        if (session is null || await CoveredSiteAsync(session, siteId, sites, context.RequestAborted).ConfigureAwait(false) is not { } site)
        {
            return Results.StatusCode(StatusCodes.Status401Unauthorized);
        }
        var counts = await stats.GetAsync(site, context.RequestAborted).ConfigureAwait(false);
        var body = new StringBuilder();
        RenderStats(body, counts);
        context.Response.Headers.CacheControl = "no-store";
        return Results.Json(new Dictionary<string, object>
        {
            ["pending"] = counts.StatusCounts.GetValueOrDefault("pending"),
            ["spam"] = counts.StatusCounts.GetValueOrDefault("spam"),
            ["approved"] = counts.StatusCounts.GetValueOrDefault("approved"),
            ["stats"] = body.ToString(),
        });
    }

    private static void RenderStats(StringBuilder body, QueueStatistics counts)
    {
        body.Append(counts.OldestPendingAge is { } age ? "Oldest pending: " + Age(age) + "." : "Nothing pending.");
        body.Append(" Claimed by moderators now: ").Append(counts.Claimed.ToString(CultureInfo.InvariantCulture)).Append('.');
    }

    private static void RenderComment(StringBuilder body, Comment comment, string siteId, string csrf, CommentStatus queue, string? heldBy = null)
    {
        var s = comment.Submission;
        var id = Html.Encode(comment.CommentId);
        body.Append("<article class=\"comment\" tabindex=\"-1\" data-comment-id=\"").Append(id).Append("\" aria-labelledby=\"by-").Append(id).Append("\">")
            .Append("<input type=\"hidden\" form=\"bulk\" name=\"shown\" value=\"").Append(id).Append("\">")
            .Append("<input type=\"checkbox\" form=\"bulk\" name=\"ids\" value=\"").Append(id).Append("\" id=\"pick-").Append(id).Append("\">")
            .Append("<label for=\"pick-").Append(id).Append("\">Select</label>")
            .Append("<h2 id=\"by-").Append(id).Append("\">").Append(Shown(s.AuthorName)).Append("</h2>")
            .Append(heldBy is null ? "" : "<p class=\"held\">Held by " + Html.Encode(heldBy) + " while the lease lasts.</p>")
            .Append("<dl class=\"author\"><dt>Email</dt><dd>").Append(Shown(s.AuthorEmail)).Append("</dd>")
            .Append("<dt>Website</dt><dd>").Append(Shown(s.AuthorUrl)).Append("</dd>")
            .Append("<dt>IP</dt><dd>").Append(Html.Encode(s.AuthorIp)).Append("</dd>")
            .Append("<dt>User agent</dt><dd>").Append(Shown(s.UserAgent)).Append("</dd>")
            .Append("<dt>Post</dt><dd>").Append(Shown(s.Permalink.Length > 0 ? s.Permalink : s.PostId)).Append("</dd>")
            .Append("<dt>Received</dt><dd>").Append(comment.ReceivedAt?.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "").Append("</dd>")
            .Append("<dt>Score</dt><dd>").Append(comment.Assessment.Score.ToString("0.#", CultureInfo.InvariantCulture)).Append("</dd></dl>")
            // The text as text: encoded, white space kept by the style sheet, no links made from it.
            .Append("<div class=\"content\">").Append(Shown(s.Content)).Append("</div>");
        body.Append("<table class=\"reasons\"><caption>Why</caption><thead><tr><th scope=\"col\">Rule</th><th scope=\"col\">Points</th><th scope=\"col\">Reason</th><th scope=\"col\">Evidence</th></tr></thead><tbody>");
        foreach (var hit in comment.Assessment.RuleHits)
        {
            body.Append("<tr><td><code>").Append(Html.Encode(hit.RuleId)).Append("</code></td><td>")
                .Append(hit.Points.ToString("+0.#;−0.#;0", CultureInfo.InvariantCulture)).Append("</td><td>")
                .Append(Html.Encode(hit.Description)).Append("</td><td>").Append(Html.Encode(hit.Evidence)).Append("</td></tr>");
        }
        body.Append("</tbody></table>");
        if (comment.History.Count > 0)
        {
            body.Append("<ol class=\"history\" aria-label=\"History\">");
            foreach (var entry in comment.History)
            {
                body.Append("<li>").Append(Html.Encode(entry.Action)).Append(" by ").Append(Html.Encode(entry.Actor)).Append("</li>");
            }
            body.Append("</ol>");
        }
        body.Append("<form method=\"post\" action=\"/desk/decide\" class=\"decide\">")
            .Append(Hidden("csrf", csrf))
            .Append(Hidden("site", siteId))
            .Append(Hidden("comment", comment.CommentId))
            .Append(Hidden("queue", StatusNames.Of((int)queue)))
            .Append("<label for=\"note-").Append(id).Append("\">Note</label><input id=\"note-").Append(id).Append("\" name=\"note\" maxlength=\"500\">");
        foreach (var (action, label, key) in new[] { ("approve", "Approve", "a"), ("reject", "Reject", "r"), ("spam", "Spam", "s"), ("notspam", "Not spam", "n") })
        {
            body.Append("<button type=\"submit\" name=\"action\" value=\"").Append(action).Append("\" data-key=\"").Append(key).Append("\">").Append(label).Append("</button>");
        }
        body.Append("</form>");
        // The author's standing on the site, by email when there is one, else by IP.
        body.Append("<form method=\"post\" action=\"/desk/author\" class=\"author-actions\">")
            .Append(Hidden("csrf", csrf))
            .Append(Hidden("site", siteId))
            .Append(Hidden("comment", comment.CommentId))
            .Append(Hidden("queue", StatusNames.Of((int)queue)))
            .Append("<span>This author (").Append(HasEmail(s) ? "by email" : "by IP").Append("):</span>");
        foreach (var (standing, label) in new[] { ("trusted", "Trust"), ("premoderated", "Pre-moderate"), ("blocked", "Block, and spam their pending comments") })
        {
            body.Append("<button type=\"submit\" name=\"standing\" value=\"").Append(standing).Append("\">").Append(label).Append("</button>");
        }
        body.Append("</form></article>");
    }

    /// <summary>Whether author actions name this author by email (as SetAuthorStatus takes one), else by IP.</summary>
    private static bool HasEmail(CommentSubmission submission) =>
        submission.AuthorEmail.Trim() is { Length: > 0 and <= Privacy.AuthorErasure.MaxEmailLength } email && email.Contains('@', StringComparison.Ordinal);

    private static async Task<IResult> AuthorAsync(HttpContext context, DeskSessionStore sessions, ApiKeyStore keys, SiteCatalog sites, CommentStore store, AuthorStandings authors)
    {
        var (refusal, session, form) = await SignedFormAsync(context, sessions, keys).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }
        var siteId = form["site"].ToString();
        AuthorStanding? standing = form["standing"].ToString() switch
        {
            "trusted" => AuthorStanding.Trusted,
            "premoderated" => AuthorStanding.Premoderated,
            "blocked" => AuthorStanding.Blocked,
            _ => null,
        };
        if (standing is null || await CoveredSiteAsync(session, siteId, sites, context.RequestAborted).ConfigureAwait(false) is not { } site
            || await store.GetAsync(siteId, form["comment"].ToString(), context.RequestAborted).ConfigureAwait(false) is not { } stored)
        {
            return Page(context, "Not done", "<main><p role=\"alert\">That author action is not one your key can take.</p></main>", StatusCodes.Status400BadRequest);
        }
        // The author is read from the stored comment, not from the form.
        var submission = CommentSubmission.Parser.ParseFrom(stored.Submission);
        var email = submission.AuthorEmail.Trim().ToLowerInvariant();
        var (author, isEmail) = HasEmail(submission) ? (email, true) : (submission.AuthorIp.Trim(), false);
        if (!isEmail && !Moderation.Core.Sites.IpList.TryParseEntry(author, out _))
        {
            return Page(context, "Not done", "<main><p role=\"alert\">This comment has neither an email address nor an IP address to act on.</p></main>", StatusCodes.Status400BadRequest);
        }
        try
        {
            await authors.SetAsync(site, author, isEmail, standing.Value, removePending: standing == AuthorStanding.Blocked, session.Key.KeyId, context.RequestAborted).ConfigureAwait(false);
        }
        catch (ProblemException e)
        {
            // Such as a full list: the site's settings say how many entries each list takes.
            return Page(context, "Not done", "<main><p role=\"alert\">" + Html.Encode(e.Message) + "</p><p><a href=\"/desk/queue?site=" + Html.Encode(Uri.EscapeDataString(siteId)) + "\">Back to the queue</a></p></main>", StatusCodes.Status409Conflict);
        }
        return Results.Redirect("/desk/queue?site=" + Uri.EscapeDataString(siteId) + "&status=" + Uri.EscapeDataString(form["queue"].ToString())
            + "&author-set=" + Uri.EscapeDataString(form["standing"].ToString()));
    }

    /// <summary>The filter report (how moderators decided what each rule fired on) and the site's daily counts.</summary>
    private static async Task<IResult> ReportAsync(HttpContext context, DeskSessionStore sessions, ApiKeyStore keys, SiteCatalog sites, FilterReport report, QueueStats stats)
    {
        var session = await SessionAsync(context, sessions, keys).ConfigureAwait(false);
        if (session is null)
        {
            return Results.Redirect("/desk/sign-in");
        }
        var siteId = context.Request.Query["site"].ToString();
        if (await CoveredSiteAsync(session, siteId, sites, context.RequestAborted).ConfigureAwait(false) is not { } site)
        {
            return Page(context, "Not your site", "<main><p role=\"alert\">Your key does not cover that site.</p></main>", StatusCodes.Status403Forbidden);
        }
        var result = await report.GetAsync(site, FilterReport.MaxDays, context.RequestAborted).ConfigureAwait(false);
        var counts = await stats.GetAsync(site, context.RequestAborted).ConfigureAwait(false);
        var body = new StringBuilder();
        body.Append("<header><h1>").Append(Html.Encode(site.Site.DisplayName)).Append(": filter report</h1><nav><a href=\"/desk/queue?site=")
            .Append(Html.Encode(Uri.EscapeDataString(siteId))).Append("\">Back to the queue</a></nav></header><main>");
        body.Append("<p>").Append(result.DecidedCount.ToString(CultureInfo.InvariantCulture)).Append(" comments decided by moderators since ")
            .Append(result.Since.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(".</p>");
        body.Append("<table class=\"report\"><caption>Per rule: how moderators decided the comments it fired on</caption><thead><tr><th scope=\"col\">Rule</th><th scope=\"col\">Decided</th>")
            .Append("<th scope=\"col\">Blocked, then approved</th><th scope=\"col\">Held, then approved</th><th scope=\"col\">Approved, then spam</th><th scope=\"col\">Confirmed</th></tr></thead><tbody>");
        foreach (var rule in result.Rules.OrderByDescending(r => r.BlockedThenApproved + r.HeldThenApproved + r.ApprovedThenSpam).ThenBy(r => r.RuleId, StringComparer.Ordinal))
        {
            body.Append("<tr><td><code>").Append(Html.Encode(rule.RuleId)).Append("</code></td>");
            foreach (var n in new[] { rule.Decided, rule.BlockedThenApproved, rule.HeldThenApproved, rule.ApprovedThenSpam, rule.Confirmed })
            {
                body.Append("<td>").Append(n.ToString(CultureInfo.InvariantCulture)).Append("</td>");
            }
            body.Append("</tr>");
        }
        body.Append("</tbody></table>");
        var names = counts.Daily.SelectMany(d => d.Counts.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        body.Append("<table class=\"report\"><caption>Per day: verdicts and decisions</caption><thead><tr><th scope=\"col\">Day</th>");
        foreach (var name in names)
        {
            body.Append("<th scope=\"col\">").Append(Html.Encode(name)).Append("</th>");
        }
        body.Append("</tr></thead><tbody>");
        foreach (var (day, daily) in counts.Daily)
        {
            body.Append("<tr><th scope=\"row\">").Append(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append("</th>");
            foreach (var name in names)
            {
                body.Append("<td>").Append(daily.GetValueOrDefault(name).ToString(CultureInfo.InvariantCulture)).Append("</td>");
            }
            body.Append("</tr>");
        }
        body.Append("</tbody></table></main>");
        return Page(context, site.Site.DisplayName + " — filter report", body.ToString(), StatusCodes.Status200OK);
    }

    private static async Task<IResult> DecideAsync(HttpContext context, DeskSessionStore sessions, ApiKeyStore keys, SiteCatalog sites, CommentDecider decider)
    {
        var (refusal, session, form, site, decision) = await DecisionFormAsync(context, sessions, keys, sites, allowNotSpam: true).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }
        var siteId = site!.Site.SiteId;
        var commentId = form!["comment"].ToString();
        // An undo applies only while the comment still has the status the decision gave it.
        var expected = decision == Decision.Requeue ? StatusOf(form["expect"].ToString()) : CommentStatus.Unspecified;
        var outcome = await decider.DecideAsync(site, commentId, decision, expected, session!.Key.KeyId,
            form["note"].ToString(), context.RequestAborted).ConfigureAwait(false);
        if (!outcome.Applied)
        {
            var message = outcome.Result switch
            {
                DecisionResult.ClaimedByOther => "A colleague (" + ((await keys.GetAsync(outcome.ClaimedBy, context.RequestAborted).ConfigureAwait(false))?.DisplayName ?? outcome.ClaimedBy) + ") holds this comment.",
                DecisionResult.StatusConflict when decision == Decision.Requeue => "That decision can no longer be undone: the comment was decided again since.",
                _ => outcome.ToProblem().Message,
            };
            return Page(context, "Not done", "<main><p role=\"alert\">" + Html.Encode(message) + "</p><p><a href=\"/desk/queue?site=" + Html.Encode(Uri.EscapeDataString(siteId)) + "\">Back to the queue</a></p></main>", StatusCodes.Status409Conflict);
        }
        // Post, redirect, get: a reload does not decide again. The next page offers to undo this decision, or shows
        // the comment an undo put back first.
        var next = "/desk/queue?site=" + Uri.EscapeDataString(siteId) + "&status=" + Uri.EscapeDataString(form["queue"].ToString());
        return Results.Redirect(decision == Decision.Requeue
            ? next + "&show=" + Uri.EscapeDataString(commentId)
            : next + "&undo=" + Uri.EscapeDataString(commentId) + "&did=" + StatusNames.Of((int)CommentDecider.NewStatus(decision)));
    }

    private static async Task<IResult> BulkAsync(HttpContext context, DeskSessionStore sessions, ApiKeyStore keys, SiteCatalog sites, CommentDecider decider)
    {
        var (refusal, session, form, site, decision) = await DecisionFormAsync(context, sessions, keys, sites, allowNotSpam: false).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }
        var siteId = site!.Site.SiteId;
        // "All shown" takes what the page listed (its filter applied), not whatever matches by the time it is sent.
        var ids = (form!["all"] == "shown" ? form["shown"] : form["ids"]).Select(v => v ?? "").Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).Take(PageSize).ToList();
        var notDone = 0;
        foreach (var id in ids)
        {
            var outcome = await decider.DecideAsync(site, id, decision, CommentStatus.Unspecified, session!.Key.KeyId, "", context.RequestAborted).ConfigureAwait(false);
            notDone += outcome.Applied ? 0 : 1;
        }
        var back = form["back"].ToString();
        return Results.Redirect("/desk/queue" + (back.StartsWith('?') ? back : "?site=" + Uri.EscapeDataString(siteId)) + (notDone > 0 ? "&notdone=" + notDone.ToString(CultureInfo.InvariantCulture) : ""));
    }

    /// <summary>
    /// What a decision form must carry: a live session, its CSRF token, a site the key covers and a known action.
    /// Answers the page to send instead when one is missing.
    /// </summary>
    private static async Task<(IResult? Refusal, Session? Session, IFormCollection? Form, SiteEntry? Site, Decision Decision)> DecisionFormAsync(
        HttpContext context, DeskSessionStore sessions, ApiKeyStore keys, SiteCatalog sites, bool allowNotSpam)
    {
        var (refusal, session, form) = await SignedFormAsync(context, sessions, keys).ConfigureAwait(false);
        if (refusal is not null)
        {
            return (refusal, null, null, null, default);
        }
        var siteId = form["site"].ToString();
        Decision? decision = form["action"].ToString() switch
        {
            "approve" => Decision.Approve,
            "reject" => Decision.Reject,
            "spam" => Decision.Spam,
            "notspam" when allowNotSpam => Decision.NotSpam,
            "requeue" when allowNotSpam => Decision.Requeue,
            _ => null,
        };
        if (decision is null || await CoveredSiteAsync(session, siteId, sites, context.RequestAborted).ConfigureAwait(false) is not { } site)
        {
            return (Page(context, "Not done", "<main><p role=\"alert\">That decision is not one your key can make.</p></main>", StatusCodes.Status400BadRequest), null, null, null, default);
        }
        return (null, session, form, site, decision.Value);
    }

    /// <summary>A posted form from a live session carrying its CSRF token; otherwise the page to send instead.</summary>
    private static async Task<(IResult? Refusal, Session Session, IFormCollection Form)> SignedFormAsync(HttpContext context, DeskSessionStore sessions, ApiKeyStore keys)
    {
        var session = await SessionAsync(context, sessions, keys).ConfigureAwait(false);
        if (session is null)
        {
            return (Page(context, "Signed out", "<main><p role=\"alert\">Your session has ended. <a href=\"/desk/sign-in\">Sign in</a> again.</p></main>", StatusCodes.Status401Unauthorized), null!, null!);
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        return Same(session.Csrf, form["csrf"]) ? (null, session, form) : (Refused(context, "This form is not from your desk session."), null!, null!);
    }

    private static readonly (string Key, string Does)[] KeyHelp =
    [
        ("j / k", "next / previous comment"),
        ("a", "approve"),
        ("r", "reject"),
        ("s", "spam"),
        ("n", "not spam"),
        ("x", "select for a bulk action"),
        ("u", "undo the last decision"),
        ("/", "search the queue"),
        ("?", "show or hide these keys"),
    ];

    private static void RenderHelp(StringBuilder body)
    {
        body.Append("<div id=\"help\" class=\"help\" role=\"dialog\" aria-labelledby=\"help-title\" hidden><h2 id=\"help-title\">Keys</h2><table><tbody>");
        foreach (var (key, does) in KeyHelp)
        {
            body.Append("<tr><th scope=\"row\"><kbd>").Append(Html.Encode(key)).Append("</kbd></th><td>").Append(does).Append("</td></tr>");
        }
        body.Append("</tbody></table><button type=\"button\" id=\"help-close\">Close</button></div>");
    }

    /// <summary>Parameters that report on the last action (its undo, its result); a view to return to drops them.</summary>
    private static readonly string[] ActionReports = ["undo", "did", "show", "author-set", "notdone"];

    private static string ViewQuery(IQueryCollection query) =>
        QueryString.Create(query.Where(p => !ActionReports.Contains(p.Key, StringComparer.Ordinal))).Value ?? "";

    private static string Hidden(string name, string value) => "<input type=\"hidden\" name=\"" + name + "\" value=\"" + Html.Encode(value) + "\">";

    private static CommentStatus StatusOf(string name) => name switch
    {
        "approved" => CommentStatus.Approved,
        "rejected" => CommentStatus.Rejected,
        "spam" => CommentStatus.Spam,
        "pending" => CommentStatus.Pending,
        _ => CommentStatus.Unspecified,
    };

    /// <summary>The bar after a decision: what was done, and the form that undoes it (<c>u</c>).</summary>
    private static void RenderUndo(StringBuilder body, string siteId, string csrf, string queue, string commentId, CommentStatus did)
    {
        var label = did switch
        {
            CommentStatus.Approved => "Approved",
            CommentStatus.Rejected => "Rejected",
            CommentStatus.Spam => "Marked as spam",
            _ => null,
        };
        if (label is null)
        {
            return;
        }
        body.Append("<form method=\"post\" action=\"/desk/decide\" class=\"undo\" role=\"status\">")
            .Append(Hidden("csrf", csrf))
            .Append(Hidden("site", siteId))
            .Append(Hidden("comment", commentId))
            .Append(Hidden("queue", queue))
            .Append(Hidden("expect", StatusNames.Of((int)did)))
            .Append(label).Append(" <code>").Append(Html.Encode(commentId)).Append("</code>. ")
            .Append("<button type=\"submit\" name=\"action\" value=\"requeue\">Undo</button> <kbd>u</kbd> puts it back in the pending queue.</form>");
    }

    private static void RenderFilter(StringBuilder body, string siteId, string status, Filter filter)
    {
        body.Append("<form method=\"get\" action=\"/desk/queue\" class=\"filter\" role=\"search\">")
            .Append(Hidden("site", siteId))
            .Append(Hidden("status", status));
        foreach (var (name, label, value) in new[] { ("text", "Text", filter.Text), ("author", "Author", filter.Author), ("email", "Email", filter.Email), ("ip", "IP or range", filter.Ip), ("rule", "Rule id", filter.Rule) })
        {
            body.Append("<span class=\"field\"><label for=\"f-").Append(name).Append("\">").Append(label).Append("</label><input id=\"f-").Append(name).Append("\" name=\"").Append(name)
                .Append("\" value=\"").Append(Html.Encode(value)).Append("\"></span>");
        }
        body.Append("<button type=\"submit\">Filter</button>");
        if (filter.IpRejected)
        {
            body.Append("<p class=\"error\" role=\"alert\">Not an IP address or range; the IP filter is off.</p>");
        }
        body.Append("</form>");
    }

    private sealed record Filter(string Text, string Author, string Email, string Ip, string Rule, bool IpRejected)
    {
        public static Filter From(IQueryCollection query)
        {
            var ip = query["ip"].ToString().Trim();
            var rejected = ip.Length > 0 && !Moderation.Core.Sites.IpList.TryParseEntry(ip, out _);
            return new(query["text"].ToString(), query["author"].ToString(), query["email"].ToString(), ip, query["rule"].ToString(), rejected);
        }

        public bool IsEmpty => Text.Length == 0 && Author.Length == 0 && Email.Length == 0 && Ip.Length == 0 && Rule.Length == 0;

        public CommentCriteria Criteria(CommentStatus status) => new(status, Text, Author, Email, IpRejected ? "" : Ip, Rule);
    }

    private static string Age(TimeSpan age) => age.TotalMinutes < 1 ? "under a minute"
        : age.TotalHours < 1 ? ((int)age.TotalMinutes).ToString(CultureInfo.InvariantCulture) + " min"
        : age.TotalDays < 1 ? ((int)age.TotalHours).ToString(CultureInfo.InvariantCulture) + " h " + age.Minutes.ToString(CultureInfo.InvariantCulture) + " min"
        : ((int)age.TotalDays).ToString(CultureInfo.InvariantCulture) + " days";

    /// <summary>The site, when the session's key covers it and it exists.</summary>
    private static async Task<SiteEntry?> CoveredSiteAsync(Session session, string siteId, SiteCatalog sites, CancellationToken cancellationToken) =>
        session.Key.SiteIds.Contains(siteId, StringComparer.Ordinal) ? await sites.GetAsync(siteId, cancellationToken).ConfigureAwait(false) : null;

    private static async Task<Session?> SessionAsync(HttpContext context, DeskSessionStore sessions, ApiKeyStore keys)
    {
        if (!context.Request.Cookies.TryGetValue(SessionCookie, out var token) || await sessions.GetAsync(token).ConfigureAwait(false) is not { } found)
        {
            return null;
        }
        // A revoked key ends its sessions at once.
        var key = await keys.GetAsync(found.KeyId, context.RequestAborted).ConfigureAwait(false);
        return key is null || key.Role != (int)KeyRole.Moderator ? null : new Session(token, found.Csrf, key);
    }

    /// <summary>
    /// Commenter text, encoded, with each bidirectional control (such as U+202E, which shows "exe.gnp" as
    /// "png.exe") replaced by a visible mark: the moderator sees the trick instead of falling for it.
    /// </summary>
    private static string Shown(string text)
    {
        var encoded = Html.Encode(text);
        if (!text.Any(IsBidiControl))
        {
            return encoded;
        }
        // Encoded a run at a time, so surrogate pairs (emoji) stay whole.
        var shown = new StringBuilder();
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && !IsBidiControl(text[i]))
            {
                continue;
            }
            shown.Append(Html.Encode(text[start..i]));
            if (i < text.Length)
            {
                shown.Append("<span class=\"bidi\" title=\"A hidden text-direction control\">[U+").Append(((int)text[i]).ToString("X4", CultureInfo.InvariantCulture)).Append("]</span>");
            }
            start = i + 1;
        }
        return shown.ToString();
    }

    private static bool IsBidiControl(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F' or '\u061C';

    private static IResult Refused(HttpContext context, string message) =>
        Page(context, "Refused", "<main><p role=\"alert\">" + Html.Encode(message) + "</p></main>", StatusCodes.Status403Forbidden);

    private static IResult Fragment(HttpContext context, string html)
    {
        Protect(context);
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, StatusCodes.Status200OK);
    }

    private static void Protect(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
    }

    private static IResult Page(HttpContext context, string title, string body, int status)
    {
        Protect(context);
        var html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + "<title>" + Html.Encode(title) + "</title><link rel=\"stylesheet\" href=\"/desk/desk.css\"><script src=\"/desk/desk.js\" defer></script></head><body>"
            + body + "</body></html>";
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    private static CookieOptions CookieOptions(HttpContext context, TimeSpan? maxAge) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = "/desk",
        MaxAge = maxAge,
    };

    private static bool Same(string? expected, string? actual) =>
        !string.IsNullOrEmpty(expected) && actual is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(actual));

}
