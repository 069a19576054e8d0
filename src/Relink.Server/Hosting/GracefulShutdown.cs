using Relink.Protocol.Messages;
using Relink.Server.Configuration;
using Relink.Server.Connections;
using Relink.Server.Sessions;

namespace Relink.Server.Hosting;

/// <summary>
/// On Ctrl+C or SIGTERM, before the listeners stop, tells every client the server is going away and when to come
/// back (a random delay within <see cref="RelinkServerOptions.GoingAwaySpread"/>, so a restart is not met by every
/// client in the same millisecond), then closes each connection after its queued frames are written.
/// </summary>
public sealed partial class GracefulShutdown(ConnectionRegistry connections, RelinkServerOptions options, IHostApplicationLifetime lifetime, ILogger<GracefulShutdown> logger) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // ApplicationStopping fires before any hosted service (Kestrel included) stops, while sockets still work.
        lifetime.ApplicationStopping.Register(SayGoodbye);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void SayGoodbye()
    {
        int spreadMs = (int)options.GoingAwaySpread.TotalMilliseconds;
        int count = 0;
        foreach (var connection in connections.All)
        {
            var goingAway = new ServerGoingAway
            {
                ReconnectAfterMs = spreadMs > 0 ? Random.Shared.Next(spreadMs) : 0,
                Message = "The server is restarting.",
            };
            connection.Session.Send(new Envelope { GoingAway = goingAway });
            connection.Close(CloseReason.ServerShutdown);
            count++;
        }

        LogGoodbye(count, options.GoingAwaySpread);
    }

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Shutting down: told {Count} connections to reconnect within {Spread}")]
    private partial void LogGoodbye(int count, TimeSpan spread);
}
