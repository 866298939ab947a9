using System.Net;
using Moderation.Core.Privacy;

namespace Moderation.UnitTests.Core.Privacy;

public sealed class MaskingTests
{
    [Theory]
    [InlineData("ada@example.org", "a•••@example.org")]
    [InlineData("example.org", "example.org")]
    [InlineData("@example.org", "@example.org")]
    [InlineData("\U0001F600x@example.org", "\U0001F600•••@example.org")]
    public void EmailEntry_KeepsTheFirstLetterAndTheDomain(string entry, string shown) =>
        Assert.Equal(shown, Masking.EmailEntry(entry));

    [Theory]
    [InlineData("198.51.100.77/32", "198.51.100.0/24")]
    [InlineData("198.51.100.0/25", "198.51.100.0/24")]
    [InlineData("198.51.0.0/16", "198.51.0.0/16")]
    [InlineData("2001:db8:1:2::1/128", "2001:db8:1::/48")]
    [InlineData("2001:db8::/32", "2001:db8::/32")]
    public void IpRange_IsNoNarrowerThanASlash24OrSlash48(string range, string shown) =>
        Assert.Equal(shown, Masking.IpRange(IPNetwork.Parse(range)));
}
