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

    /// <summary>
    /// A comment of at most <paramref name="bytes"/> UTF-8 bytes stitched from random corpus comments: each request
    /// gets a text of its own, as real traffic does, so the campaign check sees copies only where the corpus has them.
    /// Cheap (one string built), since the bare endpoint's requests pay for it too.
    /// </summary>
    public static string Stitch(IReadOnlyList<CorpusComment> corpus, int bytes, Random random)
    {
        Span<int> picks = stackalloc int[64];
        var count = 0;
        var length = 0;
        while (length < bytes && count < picks.Length)
        {
            picks[count] = random.Next(corpus.Count);
            length += corpus[picks[count]].Content.Length + 1;
            count++;
        }
        var parts = new string[count];
        for (var i = 0; i < count; i++)
        {
            parts[i] = corpus[picks[i]].Content;
        }
        var value = string.Join(' ', parts);
        // Cut to the byte budget; most corpus text is ASCII, so one measure usually settles it.
        var excess = System.Text.Encoding.UTF8.GetByteCount(value) - bytes;
        while (excess > 0)
        {
            value = value[..^Math.Max(1, excess / 3)];
            excess = System.Text.Encoding.UTF8.GetByteCount(value) - bytes;
        }
        return value.Length > 0 && char.IsHighSurrogate(value[^1]) ? value[..^1] : value;
    }

    private static IEnumerable<CorpusComment> ReadCsv(string file) =>
        Moderation.Core.Learning.LabeledCsv.ReadFile(file).Select(c => new CorpusComment(c.Author, c.Content, c.Spam));
}
