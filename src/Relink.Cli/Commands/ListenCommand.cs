using System.CommandLine;
using Relink.Client;

namespace Relink.Cli.Commands;

/// <summary>
/// <c>relink listen</c>: stays connected and prints one JSON line per received message: first what arrived while
/// this device was away, then live messages (with <c>--events</c> also live signals, see <see cref="ListenEvents"/>), until interrupted (Ctrl+C / SIGTERM). It waits for a server that is not
/// up yet, survives any number of drops (reporting each state on stderr), and exits 5 when the account signs in
/// elsewhere. Closing stdin does not stop it.
/// </summary>
internal static class ListenCommand
{
    public static Command Create(CliConsole console)
    {
        var connection = new ConnectionOptions();
        var command = new Command(
            "listen",
            "Print received messages as JSON lines (offline backlog first, then live) until interrupted. Waits for the server, " +
            "reconnects by itself, and exits 5 if the account signs in elsewhere.");
        connection.AddTo(command);
        var events = new Option<bool>("--events") { Description = "Also print live signals and changes as JSON lines with an \"event\" field: typing, presence, edited, recalled." };
        command.Options.Add(events);
        command.SetAction((result, cancellationToken) =>
        {
            var settings = connection.Read(result);
            bool printEvents = result.GetValue(events);
            return CommandRunner.WithClientAsync(console, settings, receiveMessages: true, client => ListenAsync(client, settings, console, cancellationToken, printEvents), keepState: true);
        });
        return command;
    }

    /// <summary>Logs in (waiting for the server) and prints messages until interrupted or stopped for good.</summary>
    internal static async Task<int> ListenAsync(RelinkClient client, ConnectionSettings settings, CliConsole console, CancellationToken cancellationToken, bool printEvents = false)
    {
        if (printEvents)
        {
            ListenEvents.PrintFrom(client, console, settings.User);
            ListenChangeEvents.PrintTo(client, console);
            ListenChangeEvents.PrintReadsTo(client, console, settings.User);
            ListenPresenceEvents.PrintTo(client, console);
        }

        using var stop = new StopWatcher(console, cancellationToken);
        client.StateChanged += (_, change) =>
        {
            if (!stop.Ends(change.Current) && change.Current is not ConnectionState.Stopped { Reason: StopReason.Disposed })
            {
                console.Error("relink: " + ConnectionStatus.Describe(change.Current, client.Options.TimeProvider.GetUtcNow()));
            }
        };
        client.Resumed += (_, resumed) => console.Error("relink: " + ConnectionStatus.Describe(resumed));

        try
        {
            await client.StartAsync(stop.Token);
            console.Error($"relink: listening as {settings.User} on {client.Endpoint} (device {settings.Device}); Ctrl+C to stop");
            await foreach (var message in client.ReadMessagesAsync(stop.Token))
            {
                console.Out(JsonLines.Received(message));
            }
        }
        catch (OperationCanceledException) when (stop.Token.IsCancellationRequested)
        {
            // Interrupted, or stopped for good (kicked, refused, gave up): told already.
        }
        catch (RelinkStoppedException e) when (stop.Ends(e.Stopped))
        {
            // Stopped for good before the state change reached the handler: told now, once.
        }

        // Messages already in the inbox were acknowledged to the server: print them before leaving, or this
        // device would never see them.
        await client.DisposeAsync();
        await foreach (var message in client.ReadMessagesAsync(CancellationToken.None))
        {
            console.Out(JsonLines.Received(message));
        }

        return stop.ExitCode;
    }
}
