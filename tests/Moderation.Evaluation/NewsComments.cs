using System.Text.Json;

namespace Moderation.Evaluation;

/// <summary>A news site's reader comment (none is spam) with the article it is under.</summary>
public sealed record NewsComment(string Id, string Author, string Content, string ArticleTitle)
{
    /// <summary>The article's slug: the host's post id.</summary>
    public string PostId => string.Concat(ArticleTitle.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')).Trim('-');

    /// <summary>The address a news site would send as the post's permalink.</summary>
    public string Permalink => "https://news.example.com/politics/" + PostId;

    /// <summary>The comments of a file with one JSON object per line (text, user, title), as in ../shared/data/news-comments.</summary>
    public static List<NewsComment> Read(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }
        var comments = new List<NewsComment>();
        foreach (var line in File.ReadLines(path))
        {
            if (line.Trim().Length == 0)
            {
                continue;
            }
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            comments.Add(new NewsComment(
                "news-" + comments.Count,
                root.TryGetProperty("user", out var user) ? user.GetString() ?? "" : "",
                root.GetProperty("text").GetString() ?? "",
                root.TryGetProperty("title", out var title) ? title.GetString() ?? "" : ""));
        }
        return comments;
    }
}
