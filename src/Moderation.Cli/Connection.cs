using Grpc.Core;
using Grpc.Net.Client;
using Moderation.Contracts.V1;

namespace Moderation.Cli;

/// <summary>The service a command talks to, with the key it sends; opened only by commands that call it.</summary>
public sealed class Connection : IDisposable
{
    public const string DefaultServer = "http://127.0.0.1:5080";

    private readonly GrpcChannel _channel;

    public Connection(string? server, string? key)
    {
        key ??= Environment.GetEnvironmentVariable("MODERATION_KEY");
        if (string.IsNullOrEmpty(key))
        {
            throw new UsageException("Give an API key with --key or MODERATION_KEY.");
        }
        server ??= Environment.GetEnvironmentVariable("MODERATION_SERVER") ?? DefaultServer;
        if (!Uri.TryCreate(server, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"--server must be an http or https address, such as {DefaultServer}.");
        }
        _channel = GrpcChannel.ForAddress(address);
        Auth = new Metadata { { "authorization", "Bearer " + key } };
        Admin = new AdminService.AdminServiceClient(_channel);
        Comments = new CommentService.CommentServiceClient(_channel);
        Moderation = new ModerationService.ModerationServiceClient(_channel);
    }

    public Metadata Auth { get; }

    public AdminService.AdminServiceClient Admin { get; }

    public CommentService.CommentServiceClient Comments { get; }

    public ModerationService.ModerationServiceClient Moderation { get; }

    public void Dispose() => _channel.Dispose();
}
