using Relink.Bench.SignalR;
using Relink.Server.Diagnostics;

// A stock SignalR server: default options except the two heartbeat settings, which the benchmark sets to the same
// values as the Relink server it is compared with (15 s and 30 s by default).
//   dotnet Relink.Bench.SignalR.dll --port 5000 [--keep-alive-ms 15000] [--client-timeout-ms 30000] [--redis 127.0.0.1:6379]
PeerOptions options;
try
{
    options = PeerOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
// This dll runs from the benchmark's output folder, beside Relink.Server's appsettings.json: read none of it.
foreach (var jsonFile in builder.Configuration.Sources.OfType<Microsoft.Extensions.Configuration.Json.JsonConfigurationSource>().ToList())
{
    builder.Configuration.Sources.Remove(jsonFile);
}

builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, options.Port));
builder.Services.AddSingleton<ConnectionCounts>();
var signalR = builder.Services.AddSignalR(hub =>
{
    hub.KeepAliveInterval = options.KeepAlive;
    hub.ClientTimeoutInterval = options.ClientTimeout;
});
if (options.Redis is { } redis)
{
    // Scaled out as SignalR's docs say: every hub server publishes through Redis pub/sub and subscribes to what its
    // connections need (their groups and users), so a send on one server reaches connections on the others.
    signalR.AddStackExchangeRedis(redis, backplane => backplane.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal("relink-bench"));
}

var app = builder.Build();
// Stateful reconnect on, as a team choosing SignalR for "loses nothing" would set it (clients opt in when they negotiate).
app.MapHub<ChatHub>("/hub", hub => hub.AllowStatefulReconnects = true);
app.MapGet("/healthz", (ConnectionCounts counts) => Results.Json(new HealthReport("ok", counts.Connections, counts.Online)));
app.MapMemoryEndpoint();
await app.RunAsync();
return 0;

internal sealed record HealthReport(string Status, int Connections, int Online);
