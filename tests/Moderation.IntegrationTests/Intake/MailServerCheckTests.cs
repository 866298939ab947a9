using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Moderation.Contracts.V1;
using Moderation.IntegrationTests.Infrastructure;
using Moderation.Server.Storage;

namespace Moderation.IntegrationTests.Intake;

/// <summary>The service with the MX check on, asking a DNS server on loopback.</summary>
public sealed class MailServerCheckFixture : ServiceFixture
{
    public LoopbackDnsServer Dns { get; } = new();

    protected override void Configure(WebApplicationBuilder builder)
    {
        Dns.Mx["mail.example"] = ["mx1.mail.example"];
        Dns.Mx["nullmx.example"] = ["."];
        Dns.Addresses.Add("address-only.example");
        Dns.Empty.Add("parked.example");
        Dns.Silent.Add("slow.example");
        Dns.Mx["xn--bcher-kva.example"] = ["mx.xn--bcher-kva.example"];
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Email:CheckMailServers"] = "true",
            ["Email:MailServerTimeout"] = "00:00:00.250",
            ["Email:DnsServers:0"] = Dns.Endpoint,
        });
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Dns.DisposeAsync();
    }
}

public sealed class MailServerCheckTests(MailServerCheckFixture fixture) : IClassFixture<MailServerCheckFixture>
{
    [Theory]
    [InlineData("reader@mail.example", null)]
    [InlineData("reader@address-only.example", null)]
    [InlineData("reader@bücher.example", null)]
    [InlineData("reader@nullmx.example", "email.no_mail_server")]
    [InlineData("reader@parked.example", "email.no_mail_server")]
    [InlineData("reader@no-such-domain.example", "email.domain_missing")]
    public async Task TheEmailsDomain_IsCheckedForAMailServer(string email, string? ruleId)
    {
        var site = await fixture.CreateSiteAsync();
        var comment = Comments.Clean();
        comment.AuthorEmail = email;

        var response = await site.SubmitAsync(comment);

        var hits = response.Assessment.RuleHits.Where(h => h.RuleId.StartsWith("email.", StringComparison.Ordinal)).ToList();
        if (ruleId is null)
        {
            Assert.Empty(hits);
            Assert.Equal(Verdict.Approved, response.Assessment.Verdict);
        }
        else
        {
            var hit = Assert.Single(hits);
            Assert.Equal(ruleId, hit.RuleId);
            Assert.Equal(email[(email.IndexOf('@', StringComparison.Ordinal) + 1)..], hit.Evidence);
            Assert.DoesNotContain("reader", hit.Evidence, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Answers_AreKeptInMemoryAndInRedis_AndDnsIsAskedOnce()
    {
        var site = await fixture.CreateSiteAsync();
        var first = Comments.Clean();
        first.AuthorEmail = "one@cached-missing.example";
        var before = fixture.Dns.Queries;

        await site.SubmitAsync(first);
        var asked = fixture.Dns.Queries - before;
        var second = Comments.Clean();
        second.AuthorEmail = "two@cached-missing.example";
        var response = await site.SubmitAsync(second);

        Assert.Equal(1, asked);
        Assert.Equal(before + 1, fixture.Dns.Queries);
        Assert.Contains(response.Assessment.RuleHits, h => h.RuleId == "email.domain_missing");
        Assert.Equal("3", (string?)await WaitForAsync(() => fixture.Db.StringGetAsync(RedisKeys.MailDomain("cached-missing.example"))));
        Assert.True(await fixture.Db.KeyTimeToLiveAsync(RedisKeys.MailDomain("cached-missing.example")) <= TimeSpan.FromHours(24));
    }

    [Fact]
    public async Task ADnsServerThatDoesNotAnswer_CostsTheTimeoutAndNoPoints()
    {
        var site = await fixture.CreateSiteAsync();
        var comment = Comments.Clean();
        comment.AuthorEmail = "reader@slow.example";
        var started = System.Diagnostics.Stopwatch.StartNew();

        var response = await site.SubmitAsync(comment);

        Assert.Equal(Verdict.Approved, response.Assessment.Verdict);
        Assert.DoesNotContain(response.Assessment.RuleHits, h => h.RuleId.StartsWith("email.", StringComparison.Ordinal));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"took {started.Elapsed}");
    }

    private static async Task<StackExchange.Redis.RedisValue> WaitForAsync(Func<Task<StackExchange.Redis.RedisValue>> read)
    {
        for (var i = 0; i < 50; i++)
        {
            var value = await read();
            if (value.HasValue)
            {
                return value;
            }
            await Task.Delay(20);
        }
        return StackExchange.Redis.RedisValue.Null;
    }
}
