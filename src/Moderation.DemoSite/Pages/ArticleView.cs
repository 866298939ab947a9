using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Moderation.DemoSite.Articles;
using Moderation.DemoSite.Comments;

namespace Moderation.DemoSite.Pages;

/// <summary>
/// The article page: the story, its comments and the "Leave a Reply" form, as news sites lay them out. Everything a
/// reader typed is hostile input: it is HTML-encoded, a website becomes a link only when it is http or https, and
/// each name and comment is bidi-isolated so a right-to-left override cannot reorder the page around it.
/// </summary>
public static class ArticleView
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    public static string Page(Article article, long version, IReadOnlyList<PostedComment> comments, ReplyForm form, IReadOnlyList<(string Field, string Message)> messages, string stamp, string? notice)
    {
        var body = new StringBuilder();
        body.Append("<header class=\"masthead\"><a href=\"/\" class=\"brand\">The Meridian</a><span class=\"tagline\">World news, read closely</span></header>")
            .Append("<main><article class=\"story\"><p class=\"section\">").Append(Html.Encode(article.Section)).Append("</p>")
            .Append("<h1>").Append(Html.Encode(article.Title)).Append("</h1>")
            .Append("<p class=\"standfirst\">").Append(Html.Encode(article.Standfirst)).Append("</p>")
            .Append("<p class=\"byline\">").Append(Html.Encode(article.Byline)).Append(" · <time datetime=\"")
            .Append(article.Published.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append("\">")
            .Append(article.Published.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)).Append("</time></p>");
        foreach (var paragraph in article.Paragraphs)
        {
            body.Append("<p>").Append(Html.Encode(paragraph)).Append("</p>");
        }
        body.Append("</article>");
        body.Append("<section id=\"comments\" class=\"comments\" aria-live=\"polite\" data-live=\"/news/").Append(article.Slug).Append("/live\" data-list=\"/news/")
            .Append(article.Slug).Append("/comments\">");
        Comments(body, comments, version);
        body.Append("</section>");
        Reply(body, article, form, messages, stamp, notice);
        body.Append("</main>");
        return Document(article.Title + " — The Meridian", body.ToString());
    }

    /// <summary>The comments section's content, also served alone for the live update.</summary>
    public static string Comments(IReadOnlyList<PostedComment> comments, long version)
    {
        var body = new StringBuilder();
        Comments(body, comments, version);
        return body.ToString();
    }

    private static void Comments(StringBuilder body, IReadOnlyList<PostedComment> comments, long version)
    {
        var published = comments.Count(c => c.Published);
        body.Append("<h2 class=\"comments-title\" data-version=\"").Append(version.ToString(CultureInfo.InvariantCulture)).Append("\">").Append(published switch
        {
            0 => "No comments yet",
            1 => "One comment",
            _ => published.ToString(CultureInfo.InvariantCulture) + " comments",
        }).Append("</h2><ol class=\"comment-list\">");
        foreach (var comment in comments)
        {
            var id = Html.Encode(comment.CommentId);
            body.Append("<li id=\"comment-").Append(id).Append("\" class=\"comment").Append(comment.Published ? "" : " awaiting").Append("\"><article>")
                .Append("<footer class=\"comment-meta\"><b class=\"fn\"><bdi>");
            if (Uri.TryCreate(comment.AuthorUrl, UriKind.Absolute, out var site) && site.Scheme is "http" or "https")
            {
                body.Append("<a href=\"").Append(Html.Encode(site.AbsoluteUri)).Append("\" rel=\"external nofollow ugc noopener\">").Append(Html.Encode(comment.AuthorName)).Append("</a>");
            }
            else
            {
                body.Append(Html.Encode(comment.AuthorName));
            }
            body.Append("</bdi></b> <time datetime=\"").Append(comment.PostedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)).Append("\">")
                .Append(comment.PostedAt.ToString("d MMMM yyyy 'at' HH:mm", CultureInfo.InvariantCulture)).Append("</time></footer>");
            if (!comment.Published)
            {
                body.Append("<p class=\"comment-awaiting-moderation\">Your comment is awaiting moderation.</p>");
            }
            body.Append("<div class=\"comment-content\" dir=\"auto\">");
            foreach (var paragraph in comment.Content.ReplaceLineEndings("\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                body.Append("<p>").Append(Html.Encode(paragraph).Replace("&#xA;", "<br>", StringComparison.Ordinal)).Append("</p>");
            }
            body.Append("</div></article></li>");
        }
        body.Append("</ol>");
    }

    private static void Reply(StringBuilder body, Article article, ReplyForm form, IReadOnlyList<(string Field, string Message)> messages, string stamp, string? notice)
    {
        // novalidate, as WordPress's form has: the service's messages are the ones the reader sees.
        body.Append("<section id=\"respond\" class=\"comment-respond\"><h2 id=\"reply-title\">Leave a Reply</h2>")
            .Append("<form action=\"/news/").Append(article.Slug).Append("/comments\" method=\"post\" id=\"commentform\" novalidate aria-labelledby=\"reply-title\">");
        if (notice is not null)
        {
            body.Append("<p class=\"form-error\" role=\"alert\">").Append(Html.Encode(notice)).Append("</p>");
        }
        else if (messages.Count > 0)
        {
            body.Append("<div class=\"form-error\" role=\"alert\" id=\"form-errors\"><p>Your comment was not posted. Please check:</p><ul>");
            foreach (var (_, message) in messages)
            {
                body.Append("<li>").Append(Html.Encode(message)).Append("</li>");
            }
            body.Append("</ul></div>");
        }
        body.Append("<p class=\"comment-notes\"><span id=\"email-notes\">Your email address will not be published.</span> Required fields are marked <span class=\"required\">*</span></p>");
        Field(body, "comment", "Comment", required: true, form.Comment, messages, multiline: true, type: "", autocomplete: "");
        Field(body, "author", "Name", required: true, form.Author, messages, multiline: false, type: "text", autocomplete: "name");
        Field(body, "email", "Email", required: true, form.Email, messages, multiline: false, type: "email", autocomplete: "email", describedBy: "email-notes");
        Field(body, "url", "Website", required: false, form.Url, messages, multiline: false, type: "url", autocomplete: "url");
        body.Append("<p class=\"comment-form-cookies-consent\"><input id=\"wp-comment-cookies-consent\" name=\"wp-comment-cookies-consent\" type=\"checkbox\" value=\"yes\"")
            .Append(form.Remember ? " checked" : "").Append("> <label for=\"wp-comment-cookies-consent\">Save my name, email, and website in this browser for the next time I comment.</label></p>")
            // The honeypot: off screen, out of the tab order and hidden from screen readers; people leave it empty.
            .Append("<p class=\"hp\" aria-hidden=\"true\"><label for=\"").Append(ReplyForm.HoneypotField).Append("\">Leave this field empty</label><input id=\"")
            .Append(ReplyForm.HoneypotField).Append("\" name=\"").Append(ReplyForm.HoneypotField).Append("\" type=\"text\" tabindex=\"-1\" autocomplete=\"off\"></p>")
            .Append("<input type=\"hidden\" name=\"stamp\" value=\"").Append(Html.Encode(stamp)).Append("\">")
            .Append("<p class=\"form-submit\"><button type=\"submit\" id=\"submit\">Post Comment</button></p></form></section>");
    }

    private static void Field(StringBuilder body, string name, string label, bool required, string value, IReadOnlyList<(string Field, string Message)> messages,
        bool multiline, string type, string autocomplete, string describedBy = "")
    {
        var mine = messages.Where(m => m.Field == name).Select(m => m.Message).ToList();
        var described = string.Join(' ', new[] { describedBy, mine.Count > 0 ? name + "-error" : "" }.Where(d => d.Length > 0));
        body.Append("<p class=\"comment-form-").Append(name).Append(mine.Count > 0 ? " has-error" : "").Append("\"><label for=\"").Append(name).Append("\">").Append(label)
            .Append(required ? " <span class=\"required\">*</span>" : "").Append("</label>");
        var attributes = new StringBuilder();
        attributes.Append(" id=\"").Append(name).Append("\" name=\"").Append(name).Append('"');
        if (required)
        {
            attributes.Append(" required aria-required=\"true\"");
        }
        if (mine.Count > 0)
        {
            attributes.Append(" aria-invalid=\"true\"");
        }
        if (described.Length > 0)
        {
            attributes.Append(" aria-describedby=\"").Append(described).Append('"');
        }
        if (multiline)
        {
            body.Append("<textarea").Append(attributes).Append(" cols=\"45\" rows=\"8\" maxlength=\"65525\">").Append(Html.Encode(value)).Append("</textarea>");
        }
        else
        {
            body.Append("<input").Append(attributes).Append(" type=\"").Append(type).Append("\" value=\"").Append(Html.Encode(value)).Append("\" size=\"30\" maxlength=\"245\" autocomplete=\"")
                .Append(autocomplete).Append("\">");
        }
        if (mine.Count > 0)
        {
            body.Append("<span class=\"field-error\" id=\"").Append(name).Append("-error\">").Append(Html.Encode(string.Join(" ", mine))).Append("</span>");
        }
        body.Append("</p>");
    }

    public static string Document(string title, string body) =>
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>" + Html.Encode(title) + "</title><link rel=\"stylesheet\" href=\"/assets/site.css\"><script src=\"/assets/site.js\" defer></script></head><body>"
        + body + "</body></html>";
}
