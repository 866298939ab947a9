using Moderation.Server.Api.Health;
using Moderation.Server.Hosting;

if (args is ["--health-check", ..])
{
    // The container's health check: no shell or probe binary in the image, so the server asks itself.
    return await HealthProbe.RunAsync(args.Length > 1 ? args[1] : "http://127.0.0.1:5080", args.Length > 2 ? args[2] : "");
}

var builder = WebApplication.CreateBuilder(args);
builder.AddHostingDefaults();
builder.AddModeration();

var app = builder.Build();
app.MapModeration();
await app.RunAsync();
return 0;
