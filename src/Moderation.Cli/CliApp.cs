using System.CommandLine;
using System.CommandLine.Parsing;
using Google.Protobuf;
using Grpc.Core;

namespace Moderation.Cli;

/// <summary>
/// The command tree and how a run ends: 0 when the command did its work (or showed help), 1 when it failed at
/// run time (the service refused, a file could not be read), 2 when the command line itself is wrong.
/// </summary>
public static class CliApp
{
    public const int Failed = 1;
    public const int UsageError = 2;

    /// <summary>Where the service is and which key to send; every command takes them.</summary>
    public static readonly Option<string> Server = new("--server") { Description = $"The service's address; default MODERATION_SERVER or {Connection.DefaultServer}.", Recursive = true };
    public static readonly Option<string> Key = new("--key") { Description = "The API key to send; default MODERATION_KEY.", Recursive = true };

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var root = Build(output, error);
        var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        if (args is ["help", .. var about])
        {
            args = [.. about, "--help"];
        }
        // '@' starts ordinary values here (a domain entry such as @spam.example, a reply to @someone), not response files.
        var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parsed.Errors.Count > 0)
        {
            var problem = parsed.UnmatchedTokens.Count > 0
                ? $"'{parsed.UnmatchedTokens[0]}' is not a command or option here."
                : string.Join(' ', parsed.Errors[0].Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            await error.WriteLineAsync($"moderation: {problem.TrimEnd('.')}. Run 'moderation {HelpFor(parsed)}--help' for what it takes.").ConfigureAwait(false);
            return UsageError;
        }
        return await parsed.InvokeAsync(configuration).ConfigureAwait(false);
    }

    public static RootCommand Build(TextWriter output, TextWriter error)
    {
        var root = new RootCommand("The command line of the moderation service: sites, keys, comments, queues and models. 'moderation help <command>' shows a command's options.")
        {
            Server,
            Key,
        };
        var run = new Runner(output, error);
        foreach (var command in CommandTree.Groups(run))
        {
            root.Subcommands.Add(command);
        }
        root.Subcommands.Add(new Command("help", "Shows a command's options, as 'moderation help queue claim'.") { new Argument<string[]>("command") { Arity = ArgumentArity.ZeroOrMore } });
        return root;
    }

    private static string HelpFor(ParseResult parsed)
    {
        var names = new List<string>();
        for (var command = parsed.CommandResult; command.Command is not RootCommand; command = (CommandResult)command.Parent!)
        {
            names.Insert(0, command.Command.Name);
        }
        return names.Count == 0 ? "" : string.Join(' ', names) + " ";
    }
}

/// <summary>Runs a command's call and prints its answer as JSON, or the failure as one line.</summary>
public sealed class Runner(TextWriter output, TextWriter error)
{
    private static readonly JsonFormatter Indented = new(JsonFormatter.Settings.Default.WithIndentation());
    private static readonly JsonFormatter Lines = new(JsonFormatter.Settings.Default);

    public TextWriter Output => output;

    /// <summary>An action that makes one call and prints its answer.</summary>
    public Func<ParseResult, CancellationToken, Task<int>> Call(Func<ParseResult, Connection, CancellationToken, Task<IMessage>> call) =>
        (parse, ct) => GuardAsync(parse, async connection =>
        {
            var answer = await call(parse, connection, ct).ConfigureAwait(false);
            await output.WriteLineAsync(Indented.Format(answer)).ConfigureAwait(false);
        });

    /// <summary>An action that prints each message of a stream on its own line until interrupted.</summary>
    public Func<ParseResult, CancellationToken, Task<int>> Watch<T>(Func<ParseResult, Connection, CancellationToken, AsyncServerStreamingCall<T>> open) where T : IMessage =>
        (parse, ct) => GuardAsync(parse, async connection =>
        {
            try
            {
                using var stream = open(parse, connection, ct);
                await foreach (var message in stream.ResponseStream.ReadAllAsync(ct).ConfigureAwait(false))
                {
                    await output.WriteLineAsync(Lines.Format(message)).ConfigureAwait(false);
                }
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && ct.IsCancellationRequested)
            {
            }
        });

    private async Task<int> GuardAsync(ParseResult parse, Func<Connection, Task> work)
    {
        try
        {
            using var connection = new Connection(parse.GetValue(CliApp.Server), parse.GetValue(CliApp.Key));
            await work(connection).ConfigureAwait(false);
            return 0;
        }
        catch (UsageException ex)
        {
            await error.WriteLineAsync("moderation: " + ex.Message).ConfigureAwait(false);
            return CliApp.UsageError;
        }
        catch (RpcException ex)
        {
            var hint = ex.StatusCode == StatusCode.Unavailable ? " Is the service running there (--server)?" : "";
            await error.WriteLineAsync($"{ex.StatusCode}: {ex.Status.Detail}{hint}").ConfigureAwait(false);
            foreach (var violation in ex.GetRpcStatus()?.GetDetail<Google.Rpc.BadRequest>()?.FieldViolations ?? [])
            {
                await error.WriteLineAsync($"  {violation.Field}: {violation.Description}").ConfigureAwait(false);
            }
            return CliApp.Failed;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or HttpRequestException)
        {
            await error.WriteLineAsync("moderation: " + ex.Message).ConfigureAwait(false);
            return CliApp.Failed;
        }
    }
}
