using Moderation.Core.Learning;

namespace Moderation.Evaluation;

/// <summary>One video of the corpus: its file name, its YouTube id (from the corpus README) and its comments.</summary>
public sealed record CorpusVideo(string Name, string VideoId, List<LabeledComment> Comments)
{
    /// <summary>The address a host site would send as the post's permalink.</summary>
    public string Permalink => "https://www.youtube.com/watch?v=" + VideoId;

    /// <summary>
    /// The CSV files of a corpus folder, ordered by name. Video ids come from the README's table
    /// (<c>| Youtube01-Psy.csv | 9bZkp7q19f0 | …</c>); a file the table does not list gets its name as the id.
    /// </summary>
    public static List<CorpusVideo> Read(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }
        var readme = Path.Combine(folder, "README.md");
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.Exists(readme) ? File.ReadLines(readme) : [])
        {
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            if (cells.Length > 3 && cells[1].EndsWith(".csv", StringComparison.Ordinal) && cells[2].Length > 0)
            {
                ids[Path.GetFileNameWithoutExtension(cells[1])] = cells[2];
            }
        }
        return [.. Directory.GetFiles(folder, "*.csv").Order(StringComparer.Ordinal).Select(file =>
        {
            var name = Path.GetFileNameWithoutExtension(file);
            return new CorpusVideo(name, ids.GetValueOrDefault(name, name), LabeledCsv.ReadFile(file));
        })];
    }
}
