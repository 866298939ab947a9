using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Moderation.Contracts.V1;

namespace Moderation.Cli;

/// <summary>Builds UpdateSite requests that change only what the operator named, through a field mask.</summary>
public static class SiteEdits
{
    public static UpdateSiteRequest Update(string siteId, string? displayName, string? settingsJson)
    {
        var request = new UpdateSiteRequest { Site = new Site { SiteId = siteId }, UpdateMask = new FieldMask() };
        if (displayName is not null)
        {
            request.Site.DisplayName = displayName;
            request.UpdateMask.Paths.Add("display_name");
        }
        if (settingsJson is not null)
        {
            try
            {
                request.Site.Settings = JsonParser.Default.Parse<SiteSettings>(settingsJson);
            }
            catch (InvalidProtocolBufferException ex)
            {
                throw new UsageException("--settings: " + ex.Message);
            }
            using var json = System.Text.Json.JsonDocument.Parse(settingsJson);
            foreach (var property in json.RootElement.EnumerateObject())
            {
                var field = SiteSettings.Descriptor.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == property.Name || f.Name == property.Name)
                    ?? throw new UsageException($"No setting '{property.Name}'.");
                request.UpdateMask.Paths.Add("settings." + field.Name);
            }
        }
        if (request.UpdateMask.Paths.Count == 0)
        {
            throw new UsageException("Give --name or --settings.");
        }
        return request;
    }

    public static UpdateSiteRequest EditList(Site site, string list, string entry, bool add)
    {
        var field = SiteSettings.Descriptor.FindFieldByName(list);
        if (field is not { IsRepeated: true, FieldType: FieldType.String })
        {
            throw new UsageException($"'{list}' is not a list setting.");
        }
        var values = (Google.Protobuf.Collections.RepeatedField<string>)field.Accessor.GetValue(site.Settings);
        if (add && !values.Contains(entry))
        {
            values.Add(entry);
        }
        else if (!add)
        {
            values.Remove(entry);
        }
        return new UpdateSiteRequest
        {
            Site = new Site { SiteId = site.SiteId, Settings = site.Settings },
            UpdateMask = new FieldMask { Paths = { "settings." + list } },
        };
    }
}
