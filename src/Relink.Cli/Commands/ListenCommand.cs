using System.CommandLine;
using Relink.Client;

namespace Relink.Cli.Commands;

/// <summary>
/// <c>relink listen</c>: stays connected and prints one JSON line per received message: first what arrived while
/// this device was away, then live messages, until interrupted (Ctrl+C / SIGTERM). Closing stdin does not stop it.
/// </summary>
internal static class ListenCommand
{
    public static Command Create(CliConsole console)
    {
        var connection = new ConnectionOptions();
        var command = new Command("listen", "Print received messages as JSON lines (offline backlog first, then live) until interrupted.");
        connection.AddTo(command);
        command.SetAction((result, cancellationToken) =>
        {
            var settings = connection.Read(result);
            return CommandRunner.WithClientAsync(console, settings, receiveMessages: true, client => ListenAsync(client, settings, console, cancellationToken));
        });
        return command;
    }

    /// <summary>Logs in and prints messages until <paramref name="cancellationToken"/> fires or the link is lost.</summary>
    internal static async Task<int> ListenAsync(RelinkClient client, ConnectionSettings settings, CliConsole console, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        string? lostReason = null;
        bool closing = false;
        client.StateChanged += (_, change) =>
        {
            console.Error($"relink: {change.Current.Name}");
            if (!Volatile.Read(ref closing) && change.Current is ConnectionState.Disconnected disconnected && change.Previous is ConnectionState.Connected)
            {
                lostReason = disconnected.Reason;
                stop.Cancel();
            }
        };

        await client.LoginAsync(settings.User, settings.Password, cancellationToken);
        console.Error($"relink: listening as {settings.User} on {client.Endpoint} (device {settings.Device}); Ctrl+C to stop");
        try
        {
            await foreach (var message in client.ReadMessagesAsync(stop.Token))
            {
                console.Out(JsonLines.Received(message));
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Interrupted, or the link was lost.
        }

        // Messages already in the inbox were acknowledged to the server: print them before leaving, or this
        // device would never see them.
        Volatile.Write(ref closing, true);
        await client.DisposeAsync();
        await foreach (var message in client.ReadMessagesAsync(CancellationToken.None))
        {
            console.Out(JsonLines.Received(message));
        }

        if (lostReason is not null && !cancellationToken.IsCancellationRequested)
        {
            console.Error($"relink: the connection was lost: {lostReason}");
            return ExitCodes.ServerUnreachable;
        }

        return ExitCodes.Ok;
    }
}
