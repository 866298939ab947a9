using System.Globalization;
using System.Text;
using Moderation.Contracts.V1;
using Moderation.Server.Problems;
using Moderation.Server.Sites;
using Moderation.Server.Storage;

namespace Moderation.Server.Moderators;

/// <summary>
/// Lists comments by walking a status index and filtering the records. A page holds up to the page size, but a
/// narrow search may scan its budget first and return fewer with a token to continue.
/// </summary>
public sealed class CommentQuery(CommentStore comments, ModerationStore store)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;
    private const int ScanBudget = 2_000;
    private const int Chunk = 200;

    public async Task<CommentPage> ListAsync(SiteEntry site, CommentCriteria criteria, bool newestFirst, int pageSize, string pageToken, CancellationToken cancellationToken)
    {
        var siteId = site.Site.SiteId;
        var status = (int)criteria.Status;
        var after = DecodeToken(pageToken, status, newestFirst);
        var found = new List<Comment>(pageSize);
        var scanned = 0;
        while (scanned < ScanBudget)
        {
            var chunk = await store.PageAsync(siteId, status, newestFirst, after, criteria.MatchesAll ? pageSize - found.Count : Chunk, cancellationToken).ConfigureAwait(false);
            if (chunk.Count == 0)
            {
                return new CommentPage(found, "");
            }
            var records = (await comments.GetManyAsync(siteId, [.. chunk.Select(c => c.CommentId)], cancellationToken).ConfigureAwait(false))
                .ToDictionary(r => r.CommentId, StringComparer.Ordinal);
            var expired = new List<string>();
            foreach (var (commentId, score) in chunk)
            {
                scanned++;
                after = score;
                if (!records.TryGetValue(commentId, out var stored))
                {
                    expired.Add(commentId);
                    continue;
                }
                if (stored.Status != status)
                {
                    continue;
                }
                var comment = stored.ToComment(siteId);
                if (criteria.Matches(comment))
                {
                    found.Add(comment);
                    if (found.Count == pageSize)
                    {
                        break;
                    }
                }
            }
            await store.RemoveFromIndexAsync(siteId, status, expired, cancellationToken).ConfigureAwait(false);
            if (found.Count == pageSize)
            {
                return new CommentPage(found, EncodeToken(status, newestFirst, after!.Value));
            }
        }
        return new CommentPage(found, EncodeToken(status, newestFirst, after!.Value));
    }

    /// <summary>Every comment of the filter, up to <paramref name="limit"/>, oldest first.</summary>
    public async Task<List<Comment>> AllAsync(SiteEntry site, CommentCriteria criteria, int limit, CancellationToken cancellationToken)
    {
        var all = new List<Comment>();
        var token = "";
        do
        {
            var page = await ListAsync(site, criteria, newestFirst: false, MaxPageSize, token, cancellationToken).ConfigureAwait(false);
            all.AddRange(page.Comments);
            token = page.NextPageToken;
        }
        while (token.Length > 0 && all.Count < limit);
        return all.Count > limit ? all[..limit] : all;
    }

    private static string EncodeToken(int status, bool newestFirst, long after) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes(string.Join(':', "v1", status, newestFirst ? "n" : "o", after.ToString(CultureInfo.InvariantCulture))));

    private static long? DecodeToken(string token, int status, bool newestFirst)
    {
        if (token.Length == 0)
        {
            return null;
        }
        try
        {
            var parts = Encoding.ASCII.GetString(Convert.FromBase64String(token)).Split(':');
            if (parts.Length == 4 && parts[0] == "v1"
                && parts[1] == status.ToString(CultureInfo.InvariantCulture)
                && parts[2] == (newestFirst ? "n" : "o")
                && long.TryParse(parts[3], CultureInfo.InvariantCulture, out var after))
            {
                return after;
            }
        }
        catch (FormatException)
        {
        }
        throw Problem.InvalidArgument("INVALID_PAGE_TOKEN", "page_token", "Use the next_page_token of a listing with the same status and order.");
    }
}
