using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Moderation.Server.Api.Errors;

namespace Moderation.Server.Api.Http;

/// <summary>
/// What the HTTP doors check before a request reaches the transcoder (and, for the limit, the Akismet endpoints): a body at most
/// <see cref="MaxBodyBytes"/> (the gRPC door caps messages at 256 KB; JSON spells the same message longer), and
/// a charset that exists, which the transcoder would otherwise fail on with a 500. Their refusals are
/// google.rpc.Status JSON with BadRequest and ErrorInfo details, as the transcoded errors are; the transcoder's own
/// refusals of unreadable JSON get those details too.
/// </summary>
public sealed class HttpDoorGuard(RequestDelegate next)
{
    public const long MaxBodyBytes = 2 * ApiServices.MaxRequestBytes;

    private static readonly TypeRegistry Details = TypeRegistry.FromMessages(BadRequest.Descriptor, ErrorInfo.Descriptor);
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithTypeRegistry(Details));
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithTypeRegistry(Details).WithIgnoreUnknownFields(true));

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true)
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }
        if (!request.Path.StartsWithSegments("/v1", StringComparison.Ordinal))
        {
            // The Akismet door answers its own way ("invalid"), within the same limit.
            await next(context).ConfigureAwait(false);
            return;
        }
        if (request.ContentLength > MaxBodyBytes)
        {
            await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, Code.ResourceExhausted, "MESSAGE_TOO_LARGE",
                "body", $"The body is larger than {MaxBodyBytes / 1024} KB.").ConfigureAwait(false);
            return;
        }
        if (MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && type.Charset.HasValue && !Known(type.Charset.Value!))
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, Code.InvalidArgument, "UNSUPPORTED_CHARSET",
                "Content-Type", "Send UTF-8 (charset=utf-8), or no charset.").ConfigureAwait(false);
            return;
        }
        if (request.Path.Value?.EndsWith(":watch", StringComparison.Ordinal) == true)
        {
            // A stream is written as it goes; its errors come before any event, from our own checks.
            await next(context).ConfigureAwait(false);
            return;
        }
        await WithDetailsAsync(context).ConfigureAwait(false);
    }

    // The transcoder answers JSON it cannot read (malformed, an unknown field, a wrong type) with a Status that
    // has no details; the answer gets ours, so every refusal names its field and reason alike.
    private async Task WithDetailsAsync(HttpContext context)
    {
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            context.Response.Body = original;
        }
        if (context.Response.StatusCode == StatusCodes.Status400BadRequest && Undetailed(buffer.ToArray()) is { } status)
        {
            status.Details.Add(Any.Pack(new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = "body", Description = status.Message } } }));
            status.Details.Add(Any.Pack(new ErrorInfo { Reason = "MALFORMED_MESSAGE", Domain = RpcErrors.Domain }));
            var bytes = Encoding.UTF8.GetBytes(Formatter.Format(status));
            context.Response.ContentLength = bytes.Length;
            await original.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
            return;
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted).ConfigureAwait(false);
    }

    private static Google.Rpc.Status? Undetailed(byte[] body)
    {
        try
        {
            var status = Parser.Parse<Google.Rpc.Status>(Encoding.UTF8.GetString(body));
            return status.Details.Count == 0 ? status : null;
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
        catch (InvalidJsonException)
        {
            return null;
        }
    }

    private static bool Known(string charset)
    {
        try
        {
            _ = Encoding.GetEncoding(charset.Trim('"'));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static Task RefuseAsync(HttpContext context, int httpStatus, Code code, string reason, string field, string description)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = description };
        status.Details.Add(Any.Pack(new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = field, Description = description } } }));
        status.Details.Add(Any.Pack(new ErrorInfo { Reason = reason, Domain = RpcErrors.Domain }));
        context.Response.StatusCode = httpStatus;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(Formatter.Format(status));
    }
}
