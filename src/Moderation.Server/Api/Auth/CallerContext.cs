using Grpc.Core;
using Moderation.Server.Auth;
using Moderation.Server.Problems;

namespace Moderation.Server.Api.Auth;

/// <summary>The caller <see cref="ApiKeyInterceptor"/> authenticated for this call.</summary>
public static class CallerContext
{
    public static Caller GetCaller(this ServerCallContext context) =>
        context.UserState.TryGetValue(typeof(Caller), out var caller) && caller is Caller c
            ? c
            : throw Problem.Unauthenticated("API_KEY_MISSING", "Send an API key as 'authorization: Bearer <key>'.");
}
