using System.Reflection;
using System.Text;
using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Moderation.Server.Problems;

namespace Moderation.Server.Api.Errors;

/// <summary>
/// A request body that is not a valid protobuf message (truncated, or a string that is not UTF-8) fails
/// inside gRPC's deserializer, before any interceptor, and would be answered UNKNOWN with an error logged.
/// This replaces gRPC's own method discovery with one that binds the same methods with a request marshaller
/// that answers INVALID_ARGUMENT instead.
/// </summary>
public static class MalformedMessageGuard
{
    public static IServiceCollection AddMalformedMessageGuard(this IServiceCollection services)
    {
        var builtIn = services.Where(d => d.ServiceType == typeof(IServiceMethodProvider<>)
            && d.ImplementationType?.Name.StartsWith("BinderServiceMethodProvider", StringComparison.Ordinal) == true).ToList();
        foreach (var descriptor in builtIn)
        {
            services.Remove(descriptor);
        }
        services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IServiceMethodProvider<>), typeof(GuardedServiceMethodProvider<>)));
        return services;
    }

    internal static Marshaller<T> Guard<T>(Marshaller<T> marshaller) => Marshallers.Create(
        marshaller.ContextualSerializer,
        context =>
        {
            try
            {
                return marshaller.ContextualDeserializer(context);
            }
            catch (Exception ex) when (ex is InvalidProtocolBufferException or DecoderFallbackException)
            {
                throw RpcErrors.From(Problem.InvalidArgument("MALFORMED_MESSAGE", "request", "The request is not a valid protobuf message of the expected type: " + ex.Message));
            }
        });
}
