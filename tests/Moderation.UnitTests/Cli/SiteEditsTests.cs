using Moderation.Cli;
using Moderation.Contracts.V1;

namespace Moderation.UnitTests.Cli;

public sealed class SiteEditsTests
{
    [Fact]
    public void Update_MasksExactlyTheSettingsNamedInTheJson()
    {
        var request = SiteEdits.Update("blog", null, """{"maxLinks": 3, "moderation_mode": "MODERATION_MODE_ALL"}""");

        Assert.Equal(["settings.max_links", "settings.moderation_mode"], request.UpdateMask.Paths);
        Assert.Equal(3, request.Site.Settings.MaxLinks);
        Assert.Equal(ModerationMode.All, request.Site.Settings.ModerationMode);
    }

    [Fact]
    public void Update_RefusesUnknownSettingsAndEmptyEdits()
    {
        Assert.Throws<UsageException>(() => SiteEdits.Update("blog", null, """{"maxLinkz": 3}"""));
        Assert.Throws<UsageException>(() => SiteEdits.Update("blog", null, null));
    }

    [Fact]
    public void EditList_AddsAndRemovesOneEntry_AndMasksOnlyThatList()
    {
        var site = new Site { SiteId = "blog", Settings = new SiteSettings { BlockedEmails = { "a@spam.example" }, TrustedIps = { "192.0.2.1" } } };

        var added = SiteEdits.EditList(site, "blocked_emails", "b@spam.example", add: true);
        var removed = SiteEdits.EditList(added.Site, "blocked_emails", "a@spam.example", add: false);

        Assert.Equal(["settings.blocked_emails"], removed.UpdateMask.Paths);
        Assert.Equal(["b@spam.example"], removed.Site.Settings.BlockedEmails);
        Assert.Throws<UsageException>(() => SiteEdits.EditList(site, "max_links", "3", add: true));
    }
}
