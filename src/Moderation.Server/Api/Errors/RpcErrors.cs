using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Moderation.Server.Problems;

namespace Moderation.Server.Api.Errors;

/// <summary>Builds <see cref="RpcException"/>s from a <c>google.rpc.Status</c> with an <c>ErrorInfo</c> reason and, for bad requests, field violations.</summary>
public static class RpcErrors
{
    public const string Domain = "moderation.v1";

    /// <summary>The status a problem the capabilities reported answers with.</summary>
    public static RpcException From(ProblemException problem)
    {
        var code = problem.Kind switch
        {
            ProblemKind.InvalidArgument => Code.InvalidArgument,
            ProblemKind.Unauthenticated => Code.Unauthenticated,
            ProblemKind.PermissionDenied => Code.PermissionDenied,
            ProblemKind.NotFound => Code.NotFound,
            ProblemKind.AlreadyExists => Code.AlreadyExists,
            ProblemKind.FailedPrecondition => Code.FailedPrecondition,
            ProblemKind.Aborted => Code.Aborted,
            ProblemKind.Unavailable => Code.Unavailable,
            _ => Code.Internal,
        };
        BadRequest? badRequest = null;
        if (problem.Violations.Count > 0)
        {
            badRequest = new BadRequest();
            foreach (var (field, description) in problem.Violations)
            {
                badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = field, Description = description });
            }
        }
        return Build(code, problem.Reason, problem.Message, badRequest, problem.Metadata);
    }

    public static RpcException Unavailable(string reason, string message) => Build(Code.Unavailable, reason, message);

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
