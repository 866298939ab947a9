using System.Net;

namespace Moderation.IntegrationTests.Desk;

/// <summary>The desk while its Redis is down: its own fixture, since it stops the store.</summary>
public sealed class DeskOutageTests(DeskFixture fixture) : IClassFixture<DeskFixture>
{
    [Fact]
    public async Task WithTheStoreDown_TheDeskAnswersAPageThatSaysSo()
    {
        await fixture.StopRedisAsync();
        try
        {
            using var handler = new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false };
            using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
            using var request = new HttpRequestMessage(HttpMethod.Get, fixture.DeskUrl + "/queue?site=any");
            request.Headers.Add("Cookie", "desk_session=" + new string('a', 43));

            using var response = await client.SendAsync(request);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Contains("cannot reach its store", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await fixture.StartRedisAsync();
        }
    }
}
