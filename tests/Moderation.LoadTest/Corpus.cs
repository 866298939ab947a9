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

    private static IEnumerable<CorpusComment> ReadCsv(string file) =>
        Moderation.Core.Learning.LabeledCsv.ReadFile(file).Select(c => new CorpusComment(c.Author, c.Content, c.Spam));
}
