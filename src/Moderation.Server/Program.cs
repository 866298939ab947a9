using Moderation.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);
await builder.AddLocalRedisWhenUnconfiguredAsync();
builder.AddModeration();

var app = builder.Build();
app.MapModeration();
await app.RunAsync();
