using Moderation.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddHostingDefaults();
builder.AddModeration();

var app = builder.Build();
app.MapModeration();
await app.RunAsync();
