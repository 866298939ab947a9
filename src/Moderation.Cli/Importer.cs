using Grpc.Core;
using Moderation.Contracts.V1;
using Moderation.Core.Learning;
using WireLabeled = Moderation.Contracts.V1.LabeledComment;

namespace Moderation.Cli;

/// <summary>
/// Sends labeled CSV files to ImportLabeledComments in batches the server accepts, each file as its own source
/// (so a model trained on several is calibrated on each while trained on the others).
/// </summary>
public static class Importer
{
    private const int Batch = 5_000;

    public static async Task<ImportLabeledCommentsResponse> ImportAsync(AdminService.AdminServiceClient admin, Metadata auth, string siteId, IReadOnlyList<string> files, bool train, bool replace, CancellationToken cancellationToken)
    {
        List<(string Source, List<Core.Learning.LabeledComment> Rows)> sources;
        try
        {
            sources = [.. files.Select(file => (Path.GetFileNameWithoutExtension(file), LabeledCsv.ReadFile(file)))];
        }
        catch (FormatException ex)
        {
            throw new IOException(ex.Message, ex);
        }
        var total = new ImportLabeledCommentsResponse();
        var first = true;
        for (var s = 0; s < sources.Count; s++)
        {
            var (source, rows) = sources[s];
            for (var start = 0; start < rows.Count; start += Batch)
            {
                var last = s == sources.Count - 1 && start + Batch >= rows.Count;
                var request = new ImportLabeledCommentsRequest { SiteId = siteId, Train = train && last, Replace = replace && first, Source = source[..Math.Min(100, source.Length)] };
                request.Comments.AddRange(rows.Skip(start).Take(Batch).Select(r => new WireLabeled { Content = r.Content, AuthorName = r.Author, Spam = r.Spam }));
                var response = await admin.ImportLabeledCommentsAsync(request, auth, cancellationToken: cancellationToken);
                total.ImportedCount += response.ImportedCount;
                total.Model = response.Model ?? total.Model;
                first = false;
            }
        }
        return total;
    }
}
