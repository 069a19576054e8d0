using Relink.Client;

namespace Relink.Cli;

/// <summary>
/// Runs a command's body with a logged-in client, and turns every failure into its exit code and one clear
/// line on stderr, so each command only says what it does.
/// </summary>
internal static class CommandRunner
{
    /// <summary>Connects, logs in, runs <paramref name="body"/>, closes.</summary>
    /// <param name="console">Where to report.</param>
    /// <param name="settings">Server and credentials.</param>
    /// <param name="receiveMessages">Whether this command consumes messages (moves the device's cursor).</param>
    /// <param name="body">The command's work; returns the exit code.</param>
    /// <param name="cancellationToken">Ctrl+C / SIGTERM.</param>
    /// <param name="keepState">Whether the client keeps its cursors and unsent messages on disk between runs.</param>
    public static Task<int> WithLoginAsync(
        CliConsole console,
        ConnectionSettings settings,
        bool receiveMessages,
        Func<RelinkClient, SessionState, Task<int>> body,
        CancellationToken cancellationToken,
        bool keepState = false) =>
        WithClientAsync(
            console,
            settings,
            receiveMessages,
            async client =>
            {
                SessionState session = await settings.LoginAsync(client, cancellationToken);
                return await body(client, session);
            },
            keepState);

    /// <summary>Creates a client (not yet connected), runs <paramref name="body"/>, closes.</summary>
    public static async Task<int> WithClientAsync(
        CliConsole console,
        ConnectionSettings settings,
        bool receiveMessages,
        Func<RelinkClient, Task<int>> body,
        bool keepState = false)
    {
        try
        {
            // Disposed after the client (declared first), which writes its last state on the way out.
            using var store = keepState ? new FileClientStateStore(settings.StateFolder(console.StateHome)) : null;
            await using var client = new RelinkClient(settings.ToClientOptions(receiveMessages, store));
            return await body(client);
        }
        catch (Exception e) when (e is RelinkException or ArgumentException)
        {
            return Fail(console, e, settings.Server);
        }
    }

    /// <summary>Prints <paramref name="failure"/> on stderr and returns its exit code.</summary>
    public static int Fail(CliConsole console, Exception failure, string server)
    {
        (int code, string message) = ExitCodes.For(failure, server);
        console.Error("relink: " + message);
        return code;
    }
}
