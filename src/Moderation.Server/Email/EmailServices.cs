namespace Moderation.Server.Email;

public static class EmailServices
{
    /// <summary>The disposable-domain list in force and the optional mail-server check.</summary>
    public static IServiceCollection AddEmail(this IServiceCollection services)
    {
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section)
            .Validate(o => o.MailServerTimeout > TimeSpan.Zero && o.MailServerCacheDuration > TimeSpan.Zero, "Email:MailServerTimeout and Email:MailServerCacheDuration must be positive.")
            .ValidateOnStart();
        return services
            .AddSingleton<DisposableDomainSource>()
            .AddSingleton<MailDomainChecker>();
    }
}
