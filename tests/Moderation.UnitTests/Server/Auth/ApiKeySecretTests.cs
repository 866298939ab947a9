using Moderation.Server.Auth;

namespace Moderation.UnitTests.Server.Auth;

public sealed class ApiKeySecretTests
{
    [Fact]
    public void Generated_KeyParsesBackToItsIdAndMatchesItsHash()
    {
        var (keyId, key) = ApiKeySecret.Generate();

        Assert.True(ApiKeySecret.TryParse(key, out var parsedId, out var secret));
        Assert.Equal(keyId, parsedId);
        Assert.True(ApiKeySecret.Matches(secret, ApiKeySecret.Hash(secret)));
        Assert.False(ApiKeySecret.Matches(secret + "x", ApiKeySecret.Hash(secret)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("mod_short.secret")]
    [InlineData("mod_0123456789ABCDEF.secret")]
    [InlineData("mod_0123456789abcdef.")]
    [InlineData("key_0123456789abcdef.secret")]
    public void Malformed_KeysDoNotParse(string key) => Assert.False(ApiKeySecret.TryParse(key, out _, out _));

    [Fact]
    public void AHostLabelKey_IsAValidDnsLabel_AndParsesBackToItsIdAndSecret()
    {
        var (keyId, key) = ApiKeySecret.Generate(hostLabel: true);

        Assert.Matches("^ak[0-9a-z]{59}$", key);
        Assert.True(key.Length <= 63);
        Assert.True(ApiKeySecret.IsHostLabelForm(key));
        Assert.True(ApiKeySecret.TryParse(key, out var parsedId, out var secret));
        Assert.Equal(keyId, parsedId);
        Assert.Equal(key[18..], secret);
        Assert.Equal(secret, ApiKeySecret.SecretOf(key));
        // A host name is compared without case, and URL parsers lowercase it: an uppercase key is not ours.
        Assert.False(ApiKeySecret.IsHostLabelForm(key.ToUpperInvariant()));
        Assert.False(ApiKeySecret.TryParse(key[..^1], out _, out _));
    }
}
