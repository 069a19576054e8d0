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
}
