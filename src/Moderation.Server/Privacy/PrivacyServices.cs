namespace Moderation.Server.Privacy;

public static class PrivacyServices
{
    /// <summary>Erasure of a commenter's data.</summary>
    public static IServiceCollection AddPrivacy(this IServiceCollection services) => services.AddSingleton<AuthorErasure>();
}
