using Microsoft.Extensions.Logging;

namespace Relink.Client.Lifecycle;

// Logged through the client's logger (category Relink.Client.RelinkClient); the event ids are the client's, kept
// stable across this code's moves.
internal sealed partial class ClientLifecycle
{
    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Connected to {Server}.")]
    private static partial void LogConnected(ILogger logger, string server);

    [LoggerMessage(EventId = 11, Level = LogLevel.Debug, Message = "Connection state {Previous} -> {Current}.")]
    private static partial void LogStateChanged(ILogger logger, string previous, string current);

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Reconnect attempt {Attempt} in {DelaySeconds:0.###} s ({Reason}).")]
    private static partial void LogReconnecting(ILogger logger, int attempt, double delaySeconds, string reason);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "Reconnect attempt {Attempt} failed: {Reason}")]
    private static partial void LogAttemptFailed(ILogger logger, int attempt, string reason, Exception? exception);

    [LoggerMessage(EventId = 22, Level = LogLevel.Information, Message = "Session back after {Attempts} attempts and {DowntimeSeconds:0.###} s (logged in again with credentials: {LoggedInAgain}).")]
    private static partial void LogResumed(ILogger logger, bool loggedInAgain, int attempts, double downtimeSeconds);

    [LoggerMessage(EventId = 23, Level = LogLevel.Warning, Message = "The server refused the resume token: {Reason}")]
    private static partial void LogResumeRejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 24, Level = LogLevel.Warning, Message = "Stopped ({Reason}): {Description}")]
    private static partial void LogStopped(ILogger logger, StopReason reason, string description);

    [LoggerMessage(EventId = 25, Level = LogLevel.Information, Message = "Trying to reconnect at once: {Why}.")]
    private static partial void LogSkippingWait(ILogger logger, string why);
}
