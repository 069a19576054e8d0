using Relink.Server.Configuration;

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
            bool tls = options.Tls.DevCertificate || !string.IsNullOrEmpty(options.Tls.CertificatePath);
            LogListening(tls ? "TLS" : "TCP", host, options.TcpPort, tls ? "https" : "http", options.HttpPort, tls ? "wss" : "ws", Path.GetFullPath(options.DataDirectory));
        });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 4000, Level = LogLevel.Information,
        Message = "Relink is up: {Tcp} {Host}:{TcpPort} (relink CLI, .NET SDK), web client {Http}://{Host}:{HttpPort}/, WebSocket {Ws}://{Host}:{HttpPort}/ws, data in {DataDirectory}. Ctrl+C stops.")]
    private partial void LogListening(string tcp, string host, int tcpPort, string http, int httpPort, string ws, string dataDirectory);
}
