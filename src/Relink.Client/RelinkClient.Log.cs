using Microsoft.Extensions.Logging;
using Relink.Protocol.Messages;

namespace Relink.Client;

public sealed partial class RelinkClient
{
    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Connected to {Server}.")]
    private static partial void LogConnected(ILogger logger, string server);

    [LoggerMessage(EventId = 11, Level = LogLevel.Debug, Message = "Connection state {Previous} -> {Current}.")]
    private static partial void LogStateChanged(ILogger logger, string previous, string current);

    [LoggerMessage(EventId = 12, Level = LogLevel.Debug, Message = "Heartbeat: ping after {IntervalSeconds} s idle, dead after {TimeoutSeconds} s silent.")]
    private static partial void LogHeartbeat(ILogger logger, double intervalSeconds, double timeoutSeconds);

    [LoggerMessage(EventId = 13, Level = LogLevel.Debug, Message = "Heartbeat ping failed: {Reason}")]
    private static partial void LogPingFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning, Message = "The server reported {Code}: {Message} (fatal: {Fatal}).")]
    private static partial void LogServerError(ILogger logger, ErrorCode code, string message, bool fatal);

    [LoggerMessage(EventId = 15, Level = LogLevel.Warning, Message = "Ignored an unexpected {Body} frame (request id {RequestId}).")]
    private static partial void LogUnexpectedPush(ILogger logger, Envelope.BodyOneofCase body, uint requestId);

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

    [LoggerMessage(EventId = 26, Level = LogLevel.Warning, Message = "{Count} unsent messages failed: {Reason}")]
    private static partial void LogOutboxFailed(ILogger logger, int count, string reason);

    [LoggerMessage(EventId = 27, Level = LogLevel.Debug, Message = "Message {ClientMsgId} was rate limited; sending it again in {WaitSeconds:0.###} s.")]
    private static partial void LogRateLimited(ILogger logger, string clientMsgId, double waitSeconds);

    [LoggerMessage(EventId = 28, Level = LogLevel.Information, Message = "{Count} messages an earlier client left unacknowledged go out first.")]
    private static partial void LogRestoredPending(ILogger logger, int count);
}
