using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Moderation.Server.Problems;

namespace Moderation.Server.Api.Errors;

/// <summary>
/// Builds <see cref="RpcException"/>s from a <c>google.rpc.Status</c> with an <c>ErrorInfo</c> reason and, for bad
/// requests, field violations. The status travels in HTTP/2 headers, which clients cap (64 KB in .NET, and a
/// client that gets more drops the whole connection), so messages that quote a caller's input are clipped and at
/// most <see cref="MaxViolations"/> violations are listed.
/// </summary>
public static class RpcErrors
{
    public const string Domain = "moderation.v1";
    public const int MaxViolations = 50;
    private const int MaxMessage = 1_000;
    private const int MaxDescription = 300;

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
            foreach (var (field, description) in problem.Violations.Take(MaxViolations))
            {
                badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = Clip(field, MaxDescription), Description = Clip(description, MaxDescription) });
            }
            if (problem.Violations.Count > MaxViolations)
            {
                badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation
                {
                    Field = "request",
                    Description = $"{problem.Violations.Count - MaxViolations} more problems are not listed.",
                });
            }
        }
        return Build(code, problem.Reason, problem.Message, badRequest, problem.Metadata);
    }

    public static RpcException Unavailable(string reason, string message) => Build(Code.Unavailable, reason, message);

    /// <summary>At most <paramref name="max"/> characters, not splitting a surrogate pair.</summary>
    public static string Clip(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }
        var end = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return string.Concat(text.AsSpan(0, end), "…");
    }

    private static RpcException Build(Code code, string reason, string message, BadRequest? badRequest = null, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = Clip(message, MaxMessage) };
        if (badRequest is not null)
        {
            status.Details.Add(Any.Pack(badRequest));
        }
        var info = new ErrorInfo { Reason = reason, Domain = Domain };
        if (metadata is not null)
        {
            foreach (var (key, value) in metadata)
            {
                info.Metadata[key] = Clip(value, MaxDescription);
            }
        }
        status.Details.Add(Any.Pack(info));
        return status.ToRpcException();
    }
}
