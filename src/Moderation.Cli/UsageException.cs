namespace Moderation.Cli;

/// <summary>A command line that asks for something the command cannot take; the CLI says why and exits 2.</summary>
public sealed class UsageException(string message) : Exception(message);
