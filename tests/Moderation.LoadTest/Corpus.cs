using System.Text;

namespace Moderation.LoadTest;

/// <summary>Comments from the labeled corpus (CSV: COMMENT_ID,AUTHOR,DATE,CONTENT,label), or a few built-in ones when it is absent.</summary>
public sealed record CorpusComment(string Author, string Content, bool Spam);

public static class Corpus
{
    public const string DefaultPath = "../shared/data/youtube-spam-collection";

    public static IReadOnlyList<CorpusComment> Load(string path)
    {
        var files = Directory.Exists(path) ? Directory.GetFiles(path, "*.csv") : File.Exists(path) ? [path] : [];
        var comments = files.OrderBy(f => f, StringComparer.Ordinal).SelectMany(ReadCsv).ToList();
        if (comments.Count > 0)
        {
            return comments;
        }
        Console.Error.WriteLine($"No corpus at '{path}'; using built-in comments.");
        return
        [
            new("Ada", "Thanks for this, the explanation of the second chart finally made it click for me.", false),
            new("Grace", "I disagree with the conclusion, but the data section is solid. Would love a follow-up.", false),
            new("Bot", "Check out my channel for free giveaways!!! subscribe now http://spam.example", true),
            new("Linus", "Does anyone know if the same holds for the 2019 figures?", false),
        ];
    }

    private static IEnumerable<CorpusComment> ReadCsv(string file)
    {
        var text = File.ReadAllText(file, Encoding.UTF8);
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var header = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"':
                    quoted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\n':
                    fields.Add(field.ToString().TrimEnd('\r'));
                    field.Clear();
                    if (!header && fields.Count >= 5)
                    {
                        yield return new CorpusComment(fields[1], fields[3], fields[4].Trim() == "1");
                    }
                    header = false;
                    fields.Clear();
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }
        if (fields.Count >= 4 && !header)
        {
            fields.Add(field.ToString());
            yield return new CorpusComment(fields[1], fields[3], fields[4].Trim() == "1");
        }
    }
}
