using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Moderation.DemoSite.Articles;
using Moderation.DemoSite.Comments;

namespace Moderation.DemoSite.Pages;

/// <summary>The site's routes: the front page, an article, its comment form, and the live feed of its comments.</summary>
public static class NewsPages
{
    private const string ReaderCookie = "reader";
    private static readonly string[] RememberedCookies = ["comment_author", "comment_author_email", "comment_author_url"];

    public static WebApplication MapNewsPages(this WebApplication app)
    {
        app.MapGet("/", () => Results.Redirect("/news/" + Newsroom.RiverAccord.Slug));
        app.MapGet("/news/{slug}", ShowArticle);
        app.MapPost("/news/{slug}/comments", PostCommentAsync).DisableAntiforgery();
        app.MapGet("/news/{slug}/comments", CommentsFragment);
        app.MapGet("/news/{slug}/live", Live);
        app.MapGet("/assets/site.css", () => Results.Text(SiteAssets.Style, "text/css; charset=utf-8"));
        app.MapGet("/assets/site.js", () => Results.Text(SiteAssets.Script, "text/javascript; charset=utf-8"));
        return app;
    }

    private static IResult ShowArticle(HttpContext context, string slug, CommentBook book, FormStamp stamps)
    {
        if (Newsroom.Find(slug) is not { } article)
        {
            return NotFound(context);
        }
        // A reader who asked to be remembered gets the form filled in, as WordPress does.
        var cookies = context.Request.Cookies;
        var remembered = cookies.ContainsKey("comment_author")
            ? ReplyForm.Empty with { Author = cookies["comment_author"] ?? "", Email = cookies["comment_author_email"] ?? "", Url = cookies["comment_author_url"] ?? "", Remember = true }
            : ReplyForm.Empty;
        return Html(context, ArticleView.Page(article, book.Version, book.VisibleTo(slug, Reader(context, create: false)), remembered, [], stamps.Issue(), null), StatusCodes.Status200OK);
    }

    private static async Task<IResult> PostCommentAsync(HttpContext context, string slug, CommentBook book, FormStamp stamps, CommentPoster poster)
    {
        if (Newsroom.Find(slug) is not { } article)
        {
            return NotFound(context);
        }
        var form = ReplyForm.From(await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false));
        var reader = Reader(context, create: true);
        var outcome = await poster.PostAsync(article, form, context, reader).ConfigureAwait(false);
        switch (outcome)
        {
            case PostOutcome.Kept kept:
                Remember(context, form);
                // Post, redirect, get: a reload does not post again.
                return Results.Redirect($"/news/{slug}" + (kept.CommentId.Length > 0 ? "#comment-" + Uri.EscapeDataString(kept.CommentId) : "#comments"));
            case PostOutcome.Refused refused:
                // The same stamp: the reader's fix of this form is the same submission.
                return Html(context, ArticleView.Page(article, book.Version, book.VisibleTo(slug, reader), form, refused.Messages, form.Stamp, null), StatusCodes.Status422UnprocessableEntity);
            default:
                // A fresh stamp: the reader may edit before retrying, and an edited text under the old id would be refused.
                return Html(context, ArticleView.Page(article, book.Version, book.VisibleTo(slug, reader), form, [], stamps.Issue(),
                    "Comments cannot be posted just now, and yours may not have been saved. Please try again in a minute."),
                    StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static IResult CommentsFragment(HttpContext context, string slug, CommentBook book)
    {
        if (Newsroom.Find(slug) is null)
        {
            return NotFound(context);
        }
        var version = book.Version;
        return Html(context, ArticleView.Comments(book.VisibleTo(slug, Reader(context, create: false)), version), StatusCodes.Status200OK);
    }

    /// <summary>
    /// Tells the open page the comments' version when it connects and when the post's comments change; the page
    /// fetches them (as its reader sees them) when the version is not the one it shows.
    /// </summary>
    private static IResult Live(HttpContext context, string slug, CommentBook book, IHostApplicationLifetime lifetime)
    {
        if (Newsroom.Find(slug) is null)
        {
            return Results.NotFound();
        }
        // The stream ends when the reader leaves or the site stops, so a shutdown does not wait for open pages.
        var ends = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        context.Response.RegisterForDispose(ends);
        return TypedResults.ServerSentEvents(ChangesAsync(slug, book, ends.Token));
    }

    private static async IAsyncEnumerable<SseItem<string>> ChangesAsync(string slug, CommentBook book, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        void OnChanged(string postId)
        {
            if (postId == slug)
            {
                changes.Writer.TryWrite(true);
            }
        }
        book.Changed += OnChanged;
        try
        {
            yield return new SseItem<string>(book.Version.ToString(CultureInfo.InvariantCulture), "ready");
            while (!cancellationToken.IsCancellationRequested)
            {
                using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                quiet.CancelAfter(TimeSpan.FromSeconds(25));
                bool changed;
                try
                {
                    changed = await changes.Reader.WaitToReadAsync(quiet.Token).ConfigureAwait(false) && changes.Reader.TryRead(out _);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    changed = false;
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }
                // A keep-alive every 25 s, so proxies do not close a quiet stream.
                yield return new SseItem<string>(book.Version.ToString(CultureInfo.InvariantCulture), changed ? "changed" : "ping");
            }
        }
        finally
        {
            book.Changed -= OnChanged;
        }
    }

    /// <summary>The browser's reader token: how the site knows whose comments awaiting moderation to show.</summary>
    private static string Reader(HttpContext context, bool create)
    {
        if (context.Request.Cookies.TryGetValue(ReaderCookie, out var token) && token.Length == 32)
        {
            return token;
        }
        if (!create)
        {
            return "";
        }
        token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        context.Response.Cookies.Append(ReaderCookie, token, Cookie(context));
        return token;
    }

    private static void Remember(HttpContext context, ReplyForm form)
    {
        if (!form.Remember)
        {
            foreach (var name in RememberedCookies)
            {
                context.Response.Cookies.Delete(name, Cookie(context));
            }
            return;
        }
        context.Response.Cookies.Append("comment_author", form.Author, Cookie(context));
        context.Response.Cookies.Append("comment_author_email", form.Email, Cookie(context));
        context.Response.Cookies.Append("comment_author_url", form.Url, Cookie(context));
    }

    private static CookieOptions Cookie(HttpContext context) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Secure = context.Request.IsHttps,
        MaxAge = TimeSpan.FromDays(365),
        Path = "/",
    };

    private static IResult NotFound(HttpContext context) =>
        Html(context, ArticleView.Document("Not found — The Meridian", "<main><h1>Page not found</h1><p><a href=\"/\">Front page</a></p></main>"), StatusCodes.Status404NotFound);

    private static IResult Html(HttpContext context, string html, int status)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-store";
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }
}
