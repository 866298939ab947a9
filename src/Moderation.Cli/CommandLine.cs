namespace Moderation.Cli;

/// <summary>A command of one or two words, positional arguments, and <c>--name value</c> options (repeatable).</summary>
public sealed class CommandLine
{
    public const string Usage = """
        usage: moderation <command> [arguments] [--server URL] [--key KEY]
          sites create <site-id> [--name NAME]
          sites get <site-id>
          sites list
          keys create --role site|moderator|admin [--site SITE]... [--name NAME]
          keys list [--site SITE]
          keys revoke <key-id>
          comments submit --content TEXT [--site SITE] [--post ID] [--name NAME] [--email EMAIL] [--url URL]
                          [--ip IP] [--id HOST-COMMENT-ID] [--rendered-seconds-ago N] [--test]
          comments get <comment-id> [--site SITE]
          comments report-spam|report-ham <comment-id> [--note TEXT] [--site SITE]
          comments watch [--cursor CURSOR] [--site SITE]
          sites update <site-id> [--name NAME] [--settings JSON]   e.g. --settings '{"maxLinks": 3}'
          lists add|remove <site-id> <list> <entry>   list: blocked_emails, trusted_ips, disallowed_terms, ...
          webhooks dead|redeliver <site-id>
          models import <file.csv>... [--site SITE] [--train]   CSV: COMMENT_ID,AUTHOR,DATE,CONTENT,CLASS (1 = spam);
                                                                 without --site the examples train the global model
          models train [--site SITE]
          queue list [--status pending|spam|approved|rejected|discarded] [--text T] [--name N] [--email E]
                     [--ip IP-OR-CIDR] [--rule RULE-ID] [--oldest] [--page-size N] [--page-token T] [--site SITE]
          queue claim [--count N] [--lease-seconds N] [--spam] [--site SITE]
          queue release <comment-id>... [--site SITE]
          queue approve|reject|spam|not-spam <comment-id>... [--note TEXT] [--expect STATUS] [--site SITE]
          queue bulk approve|reject|spam|not-spam (--email E | --ip IP | --rule R | --text T) [--status S] [--site SITE]
          queue stats [--site SITE]
          queue watch [--site SITE]
          authors set trusted|blocked|premoderated|none (--email E | --ip IP) [--remove-pending] [--site SITE]
        The server defaults to MODERATION_SERVER or http://127.0.0.1:5080; the key to MODERATION_KEY.
        """;

    private static readonly string[] TwoWordCommands = ["sites", "keys", "comments", "lists", "webhooks", "queue", "authors", "models"];

    private readonly List<string> _positional = [];
    private readonly List<(string Name, string Value)> _options = [];

    public string Command { get; private set; } = "";

    public static CommandLine Parse(string[] args)
    {
        var cli = new CommandLine();
        var words = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                var hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
                cli._options.Add((args[i][2..], hasValue ? args[++i] : "true"));
            }
            else
            {
                words.Add(args[i]);
            }
        }
        var commandWords = words.Count >= 2 && TwoWordCommands.Contains(words[0]) ? 2 : Math.Min(words.Count, 1);
        cli.Command = string.Join(' ', words.Take(commandWords));
        cli._positional.AddRange(words.Skip(commandWords));
        return cli;
    }

    public string? Get(string name) => _options.LastOrDefault(o => o.Name == name).Value;
    public IEnumerable<string> All(string name) => _options.Where(o => o.Name == name).Select(o => o.Value);
    public bool Has(string name) => _options.Any(o => o.Name == name);
    /// <summary>Every positional argument from <paramref name="from"/> on (1-based count of required ones).</summary>
    public IEnumerable<string> Args(int required, string what) =>
        _positional.Count >= required ? _positional : throw new UsageException($"Missing {what}.");

    public string Arg(int index, string what) => index < _positional.Count ? _positional[index] : throw new UsageException($"Missing {what}.");
}

public sealed class UsageException(string message) : Exception(message);
