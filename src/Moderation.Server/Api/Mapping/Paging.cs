using Moderation.Server.Problems;

namespace Moderation.Server.Api.Mapping;

/// <summary>Pages over a short list read whole (API keys, dead webhooks): a page token is the key of the last item shown.</summary>
public static class Paging
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 500;

    public static (List<T> Page, string NextPageToken) Page<T>(IReadOnlyList<T> items, Func<T, string> keyOf, int requestedSize, string pageToken)
    {
        var size = RequestChecks.PageSize(requestedSize, DefaultPageSize, MaxPageSize);
        var start = 0;
        if (pageToken.Length > 0)
        {
            var last = -1;
            for (var i = 0; i < items.Count && last < 0; i++)
            {
                last = keyOf(items[i]) == pageToken ? i : -1;
            }
            start = last >= 0
                ? last + 1
                : throw Problem.InvalidArgument("INVALID_PAGE_TOKEN", "page_token", "Use the next_page_token of the previous page; that item is gone, so start again from the first page.");
        }
        var page = items.Skip(start).Take(size).ToList();
        return (page, start + page.Count < items.Count ? keyOf(page[^1]) : "");
    }
}
