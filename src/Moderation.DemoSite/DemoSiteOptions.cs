namespace Moderation.DemoSite;

/// <summary>Where the moderation service is and the site key this news site sends it (configuration section "Demo").</summary>
public sealed class DemoSiteOptions
{
    public const string Section = "Demo";

    /// <summary>The service's gRPC address.</summary>
    public string Service { get; set; } = "http://127.0.0.1:5080";

    /// <summary>The site key, as a host keeps it: in configuration, never in a page.</summary>
    public string SiteKey { get; set; } = "";

    /// <summary>The call headers that carry <see cref="SiteKey"/>.</summary>
    public Grpc.Core.Metadata SiteAuth => new() { { "authorization", "Bearer " + SiteKey } };

    /// <summary>The site id; empty lets the service take the key's only site.</summary>
    public string SiteId { get; set; } = "";

    /// <summary>
    /// Take the reader's IP from X-Forwarded-For when a proxy on this machine (loopback) sends it, as a site behind a
    /// reverse proxy must; off by default, since a header from anyone else would let a reader choose their IP.
    /// </summary>
    public bool BehindLocalProxy { get; set; }
}
