using Moderation.DemoSite;

var app = DemoSiteApp.Create(args);
await app.RunAsync();
