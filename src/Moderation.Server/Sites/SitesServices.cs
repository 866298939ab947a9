namespace Moderation.Server.Sites;

public static class SitesServices
{
    /// <summary>The cache of compiled site policies and the administration of sites.</summary>
    public static IServiceCollection AddSites(this IServiceCollection services) => services
        .AddSingleton<SiteCatalog>()
        .AddSingleton<SiteAdministration>();
}
