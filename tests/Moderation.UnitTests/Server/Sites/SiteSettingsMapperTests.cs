using Moderation.Contracts.V1;
using Moderation.Server.Sites;

namespace Moderation.UnitTests.Server.Sites;

public sealed class SiteSettingsMapperTests
{
    [Fact]
    public void EmptySettings_GetTheDocumentedDefaults()
    {
        var policy = SiteSettingsMapper.ToPolicy(new SiteSettings());

        Assert.Equal((5.0, 10.0, 20.0), (policy.PendingThreshold, policy.SpamThreshold, policy.DiscardThreshold));
        Assert.Equal(2, policy.MaxLinks);
        Assert.Equal(TimeSpan.FromSeconds(15), policy.FloodInterval);
        Assert.Equal(TimeSpan.FromDays(15), policy.SpamRetention);
        Assert.True(policy.RequireNameEmail);
    }

    [Fact]
    public void ExplicitZero_TurnsACheckOff()
    {
        var policy = SiteSettingsMapper.ToPolicy(new SiteSettings { FloodSeconds = 0, MaxLinks = 0, RequireNameEmail = false });

        Assert.Equal(TimeSpan.Zero, policy.FloodInterval);
        Assert.Equal(0, policy.MaxLinks);
        Assert.False(policy.RequireNameEmail);
    }

    [Fact]
    public void Problems_NameEachBadField()
    {
        var problems = SiteSettingsMapper.Problems(new SiteSettings
        {
            PendingThreshold = 12,
            SpamThreshold = 11,
            MaxLinks = -1,
            TrustedIps = { "10.0.0.0/8", "300.1.1.1" },
            DisallowedTerms = { "ok", "*" },
        }, "s.");

        var fields = problems.Select(p => p.Field).ToList();
        Assert.Equal(["s.pending_threshold", "s.max_links", "s.disallowed_terms[1]", "s.trusted_ips[1]"], fields);
    }
}
