using System.Text;

namespace Moderation.Core.Learning;

/// <summary>
/// Reads labeled comments from CSV with a header row: <c>COMMENT_ID,AUTHOR,DATE,CONTENT,CLASS</c>, where the last
/// column is 1 for spam and 0 for ham. RFC 4180 quoting: fields may hold commas, quotes ("") and line breaks.
/// </summary>
public static class LabeledCsv
{
    public static IEnumerable<LabeledComment> Read(TextReader reader)
    {
        var header = true;
        foreach (var fields in Records(reader))
        {
            if (header)
            {
                header = false;
                continue;
            }
            if (fields.Count < 5)
            {
                throw new FormatException($"A row has {fields.Count} fields; expected COMMENT_ID,AUTHOR,DATE,CONTENT,CLASS.");
            }
            var label = fields[4].Trim();
            if (label is not ("0" or "1"))
            {
                throw new FormatException($"The class of comment '{fields[0]}' is '{label}'; expected 0 or 1.");
            }
            yield return new LabeledComment(fields[0], fields[1], fields[3], label == "1");
        }
    }

    public static List<LabeledComment> ReadFile(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        return [.. Read(reader)];
    }

    private static IEnumerable<List<string>> Records(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        int next;
        while ((next = reader.Read()) >= 0)
        {
            var c = (char)next;
            if (quoted)
            {
                if (c == '"' && reader.Peek() == '"')
                {
                    field.Append('"');
                    reader.Read();
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
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    if (fields.Count > 1 || fields[0].Length > 0)
                    {
                        yield return fields;
                    }
                    fields = [];
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }
        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return fields;
        }
    }
}
