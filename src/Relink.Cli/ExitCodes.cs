using Relink.Client;

namespace Relink.Cli;

/// <summary>What <c>relink</c> exits with; scripts branch on these, so they never change meaning.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Usage = 1;
    public const int AuthenticationFailed = 2;
    public const int ServerUnreachable = 3;
    public const int Refused = 4;
    public const int Kicked = 5;

    /// <summary>The table printed by <c>relink --help</c>.</summary>
    public const string HelpText =
        "Exit codes: 0 ok, 1 usage error, 2 authentication failed, 3 server unreachable (or the connection was lost for good), " +
        "4 request refused by the server (its error code is printed on stderr), 5 kicked: signed in elsewhere.";

    /// <summary>Maps a failure to its exit code and the line to print on stderr.</summary>
    public static (int Code, string Message) For(Exception failure, string server) => failure switch
    {
        RelinkStoppedException e => For(e.Stopped),
        RelinkException { InnerException: IOException } e => (Usage, e.Message + " (give each run its own --device)"),
        RelinkConnectionException e => (ServerUnreachable, e.Message),
        RelinkTimeoutException e => (ServerUnreachable, $"The server at {server} did not answer in time: {e.Message}"),
        RelinkException { Code: ErrorCode.InvalidCredentials or ErrorCode.NotAuthenticated } e => (AuthenticationFailed, $"Authentication failed: {e.Message}"),
        RelinkException e => (Refused, e.Message),
        ArgumentException e => (Usage, e.Message),
        _ => throw new InvalidOperationException("No exit code for " + failure.GetType().Name, failure),
    };

    /// <summary>Maps the reason a client stopped to its exit code and the line to print on stderr.</summary>
    public static (int Code, string Message) For(ConnectionState.Stopped stopped) => stopped.Reason switch
    {
        StopReason.Kicked => (Kicked, stopped.Kick?.Reason == KickReason.LoggedInElsewhere
            ? "kicked: signed in elsewhere" + (string.IsNullOrEmpty(stopped.Kick.DeviceId) ? "" : $" (device {stopped.Kick.DeviceId})")
            : stopped.Description),
        StopReason.AuthRequired => (AuthenticationFailed, "Authentication failed: " + stopped.Description),
        StopReason.LoggedOut or StopReason.Disposed => (Ok, stopped.Description),
        _ => (ServerUnreachable, "gave up: " + stopped.Description),
    };
}
