namespace Moderation.Server.Auth;

public static class AuthServices
{
    /// <summary>API key authentication (with the bootstrap admin key from configuration) and key management.</summary>
    public static IServiceCollection AddAuth(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section);
        return services
            .AddSingleton<ApiKeyAuthenticator>()
            .AddSingleton<ApiKeys>();
    }
}
