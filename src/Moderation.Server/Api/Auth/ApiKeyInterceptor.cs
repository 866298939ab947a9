using Grpc.Core;
using Grpc.Core.Interceptors;
using Moderation.Server.Auth;
using Moderation.Server.Problems;

namespace Moderation.Server.Api.Auth;

/// <summary>Authenticates every call to our services and checks the key's role; health and reflection stay open.</summary>
public sealed class ApiKeyInterceptor(ApiKeyAuthenticator authenticator) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await AuthorizeAsync(context).ConfigureAwait(false);
        return await continuation(request, context).ConfigureAwait(false);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthorizeAsync(context).ConfigureAwait(false);
        await continuation(request, responseStream, context).ConfigureAwait(false);
    }

    private async ValueTask AuthorizeAsync(ServerCallContext context)
    {
        var required = RequiredRole(context.Method);
        if (required is null)
        {
            return;
        }
        // Straight from the HTTP request: RequestHeaders would copy every header into a new collection on each call.
        var authorization = context.GetHttpContext().Request.Headers.Authorization.ToString();
        var caller = await authenticator.AuthenticateAsync(authorization, context.CancellationToken).ConfigureAwait(false);
        if (caller.Role != KeyRole.Admin && caller.Role != required)
        {
            throw Problem.PermissionDenied("ROLE_NOT_ALLOWED", $"This API key's role may not call {context.Method}.");
        }
        context.UserState[typeof(Caller)] = caller;
    }

    private static KeyRole? RequiredRole(string method) => method switch
    {
        _ when method.StartsWith("/moderation.v1.CommentService/", StringComparison.Ordinal) => KeyRole.Site,
        _ when method.StartsWith("/moderation.v1.ModerationService/", StringComparison.Ordinal) => KeyRole.Moderator,
        _ when method.StartsWith("/moderation.v1.AdminService/", StringComparison.Ordinal) => KeyRole.Admin,
        _ => null,
    };
}
