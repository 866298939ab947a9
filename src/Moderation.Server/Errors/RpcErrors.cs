using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Moderation.Server.Errors;

/// <summary>Builds <see cref="RpcException"/>s from a <c>google.rpc.Status</c> with an <c>ErrorInfo</c> reason and, for bad requests, field violations.</summary>
public static class RpcErrors
{
    public const string Domain = "moderation.v1";

    public static RpcException InvalidArgument(string reason, string message, IEnumerable<(string Field, string Description)> violations)
    {
        var badRequest = new BadRequest();
        foreach (var (field, description) in violations)
        {
            badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = field, Description = description });
        }
        return Build(Code.InvalidArgument, reason, message, badRequest);
    }

    public static RpcException InvalidArgument(string reason, string field, string description) =>
        InvalidArgument(reason, description, [(field, description)]);

    public static RpcException Unauthenticated(string reason, string message) => Build(Code.Unauthenticated, reason, message);
    public static RpcException PermissionDenied(string reason, string message) => Build(Code.PermissionDenied, reason, message);
    public static RpcException NotFound(string reason, string message) => Build(Code.NotFound, reason, message);
    public static RpcException AlreadyExists(string reason, string message) => Build(Code.AlreadyExists, reason, message);
    public static RpcException Unavailable(string reason, string message) => Build(Code.Unavailable, reason, message);
    public static RpcException FailedPrecondition(string reason, string message) => Build(Code.FailedPrecondition, reason, message);

    /// <summary>ABORTED for a concurrency conflict; <paramref name="metadata"/> says what the caller lost to, such as the current status.</summary>
    public static RpcException Aborted(string reason, string message, IReadOnlyDictionary<string, string> metadata) => Build(Code.Aborted, reason, message, null, metadata);

    private static RpcException Build(Code code, string reason, string message, BadRequest? badRequest = null, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        if (badRequest is not null)
        {
            status.Details.Add(Any.Pack(badRequest));
        }
        var info = new ErrorInfo { Reason = reason, Domain = Domain };
        if (metadata is not null)
        {
            foreach (var (key, value) in metadata)
            {
                info.Metadata[key] = value;
            }
        }
        status.Details.Add(Any.Pack(info));
        return status.ToRpcException();
    }
}
