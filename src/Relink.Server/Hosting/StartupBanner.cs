namespace Relink.Server.Hosting;

/// <summary>Tells the operator, once listening, where clients connect.</summary>
public sealed partial class StartupBanner(RelinkServerOptions options, IHostApplicationLifetime lifetime, ILogger<StartupBanner> logger) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            string host = options.Bind is "*" or "" ? "localhost" : options.Bind;
            LogListening(host, options.TcpPort, options.HttpPort, Path.GetFullPath(options.DataDirectory));
        });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 4000, Level = LogLevel.Information,
        Message = "Relink is up: TCP {Host}:{TcpPort} (relink CLI, .NET SDK), web client http://{Host}:{HttpPort}/, WebSocket ws://{Host}:{HttpPort}/ws, data in {DataDirectory}. Ctrl+C stops.")]
    private partial void LogListening(string host, int tcpPort, int httpPort, string dataDirectory);
}
