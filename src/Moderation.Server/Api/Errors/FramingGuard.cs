using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;

namespace Moderation.Server.Api.Errors;

/// <summary>
/// Checks the frame header of every gRPC request before the gRPC handler reads it, and answers what the handler
/// would have answered UNKNOWN, or answered without reading the rest of the request:
/// - a compressed flag other than 0 or 1 is INVALID_ARGUMENT;
/// - a message longer than the limit is RESOURCE_EXHAUSTED with an ErrorInfo, after the rest of the request was
///   read and dropped (up to <see cref="DrainLimit"/>), so the client finishes sending and its connection, which
///   other calls share, stays healthy. Kestrel closes a connection that keeps sending to streams answered early.
/// The header is peeked, not consumed: a request that passes goes on untouched.
/// </summary>
public sealed class FramingGuard(RequestDelegate next)
{
    public const int DrainLimit = 8 * 1024 * 1024;
    private const int HeaderSize = 5;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method) || request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) != true)
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        var reader = request.BodyReader;
        var read = await reader.ReadAtLeastAsync(HeaderSize, context.RequestAborted).ConfigureAwait(false);
        var buffer = read.Buffer;
        if (buffer.Length < HeaderSize)
        {
            reader.AdvanceTo(buffer.Start);
            await next(context).ConfigureAwait(false);
            return;
        }
        Span<byte> header = stackalloc byte[HeaderSize];
        buffer.Slice(0, HeaderSize).CopyTo(header);
        reader.AdvanceTo(buffer.Start);
        var flag = header[0];
        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (flag is 0 or 1 && length <= ApiServices.MaxRequestBytes)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var drained = await DrainAsync(reader, context.RequestAborted).ConfigureAwait(false);
        var problem = flag is not (0 or 1)
            ? (Code.InvalidArgument, "MALFORMED_FRAME", $"The message's compressed flag is {flag}; gRPC allows 0 or 1.")
            : (Code.ResourceExhausted, "MESSAGE_TOO_LARGE", $"The message is {length} bytes; the service accepts at most {ApiServices.MaxRequestBytes}.");
        if (!drained)
        {
            // Too much to read through: end this stream alone.
            context.Features.Get<IHttpResetFeature>()?.Reset(0x8);
            return;
        }
        await WriteStatusAsync(context, problem.Item1, problem.Item2, problem.Item3).ConfigureAwait(false);
    }

    private static async Task<bool> DrainAsync(System.IO.Pipelines.PipeReader reader, CancellationToken cancellationToken)
    {
        long total = 0;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            total += result.Buffer.Length;
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return true;
            }
            if (total > DrainLimit)
            {
                return false;
            }
        }
    }

    /// <summary>A trailers-only gRPC answer: the status in the headers, with a google.rpc.Status holding an ErrorInfo.</summary>
    private static async Task WriteStatusAsync(HttpContext context, Code code, string reason, string message)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        status.Details.Add(Any.Pack(new ErrorInfo { Reason = reason, Domain = RpcErrors.Domain }));
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = Uri.EscapeDataString(message);
        response.Headers["grpc-status-details-bin"] = Convert.ToBase64String(status.ToByteArray()).TrimEnd('=');
        await response.CompleteAsync().ConfigureAwait(false);
    }
}
