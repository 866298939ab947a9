using Grpc.Core;
using Moderation.Contracts.V1;
using Moderation.Core.Learning;
using WireLabeled = Moderation.Contracts.V1.LabeledComment;

namespace Moderation.Cli;

/// <summary>Sends labeled CSV files to ImportLabeledComments in batches the server accepts.</summary>
public static class Importer
{
    private const int Batch = 5_000;

    public static async Task<ImportLabeledCommentsResponse> ImportAsync(AdminService.AdminServiceClient admin, Metadata auth, string siteId, IEnumerable<string> files, bool train, CancellationToken cancellationToken)
    {
        List<Core.Learning.LabeledComment> rows;
        try
        {
            rows = [.. files.SelectMany(LabeledCsv.ReadFile)];
        }
        catch (FormatException ex)
        {
            throw new IOException(ex.Message, ex);
        }
        var total = new ImportLabeledCommentsResponse();
        for (var start = 0; start < rows.Count; start += Batch)
        {
            var request = new ImportLabeledCommentsRequest { SiteId = siteId, Train = train && start + Batch >= rows.Count };
            request.Comments.AddRange(rows.Skip(start).Take(Batch).Select(r => new WireLabeled { Content = r.Content, AuthorName = r.Author, Spam = r.Spam }));
            var response = await admin.ImportLabeledCommentsAsync(request, auth, cancellationToken: cancellationToken);
            total.ImportedCount += response.ImportedCount;
            total.Model = response.Model ?? total.Model;
        }
        return total;
    }
}
