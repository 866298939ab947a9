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
}
