using System.Net;
using System.Net.Sockets;
using Moderation.Cli;

namespace Moderation.UnitTests.Cli;

public sealed class CliAppTests
{
    private static readonly string[] Groups = ["sites", "keys", "comments", "queue", "models", "authors"];

    [Fact]
    public async Task Help_ExitsZero_AndListsTheCommandGroups()
    {
        var (code, output, error) = await RunAsync("--help");

        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.All(Groups, group => Assert.Contains(group, output, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("help", "queue", "claim")]
    [InlineData("queue", "claim", "--help")]
    public async Task HelpForACommand_ShowsItsOwnOptions(params string[] args)
    {
        var (code, output, _) = await RunAsync(args);

        Assert.Equal(0, code);
        Assert.Contains("--lease-seconds", output, StringComparison.Ordinal);
        Assert.DoesNotContain("--remove-pending", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("sites", "create")]
    [InlineData("queue", "claim", "--count", "many")]
    [InlineData("keys", "create", "--role", "owner")]
    [InlineData("authors", "erase", "--ip", "198.51.100.7")]
    public async Task AWrongCommandLine_ExitsTwo_WithOneLineThatSaysWhereHelpIs(params string[] args)
    {
        var (code, output, error) = await RunAsync(args);

        Assert.Equal(2, code);
        Assert.Empty(output);
        var line = Assert.Single(Lines(error));
        Assert.Contains("--help", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACallThatFails_ExitsOne_WithOneLineAndNoUsage()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var (code, output, error) = await RunAsync("sites", "get", "my-blog", "--key", "k", "--server", $"http://127.0.0.1:{port}");

        Assert.Equal(1, code);
        Assert.Empty(output);
        var line = Assert.Single(Lines(error));
        Assert.StartsWith("Unavailable:", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Usage", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACallWithoutAKey_ExitsTwo_AndSaysHowToGiveOne()
    {
        Environment.SetEnvironmentVariable("MODERATION_KEY", null);

        var (code, _, error) = await RunAsync("sites", "list");

        Assert.Equal(2, code);
        Assert.Equal("moderation: Give an API key with --key or MODERATION_KEY.", Assert.Single(Lines(error)));
    }

    [Fact]
    public async Task ValuesStartingWithAnAtSign_AreValues_NotResponseFiles()
    {
        Environment.SetEnvironmentVariable("MODERATION_KEY", null);

        var (code, _, error) = await RunAsync("lists", "add", "my-blog", "blocked_emails", "@spam.example");

        // Parsed as a command: it stops only at the missing key.
        Assert.Equal(2, code);
        Assert.Equal("moderation: Give an API key with --key or MODERATION_KEY.", Assert.Single(Lines(error)));
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
