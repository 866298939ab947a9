using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Moderation.Server.Storage;

namespace Moderation.UnitTests.Server.Storage;

public sealed class StorageServicesTests
{
    [Theory]
    [InlineData(null, null, "Redis:Configuration (Redis__Configuration) is required")]
    [InlineData("127.0.0.1:6379", "00:00:00", "Redis:AttemptTimeout must be positive")]
    public void RedisSettings_AreCheckedAtStart_WithAMessageThatSaysWhatToFix(string? configuration, string? attemptTimeout, string expected)
    {
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = configuration,
            ["Redis:AttemptTimeout"] = attemptTimeout,
        }).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(settings).AddStorage().BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<RedisOptions>>().Value);

        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RedisTimeouts_ComeFromConfiguration()
    {
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = "127.0.0.1:6379",
            ["Redis:AttemptTimeout"] = "00:00:00.250",
            ["Redis:TotalTimeout"] = "00:00:01",
        }).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(settings).AddStorage().BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<RedisOptions>>().Value;

        Assert.Equal((TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1), 2), (options.AttemptTimeout, options.TotalTimeout, options.Retries));
    }
}
