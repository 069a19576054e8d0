using Microsoft.Extensions.Logging;
using Relink.Protocol.Messages;

namespace Relink.Client.Link;

internal sealed partial class ClientLink
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Connection ended: {Reason}")]
    private static partial void LogClosed(ILogger logger, string reason, Exception? exception);

    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "Dropped an answer ({Body}) to request {RequestId}, which no longer waits for it.")]
    private static partial void LogLateAnswer(ILogger logger, uint requestId, Envelope.BodyOneofCase body);

    [LoggerMessage(EventId = 102, Level = LogLevel.Debug, Message = "Disposing the transport of a closed connection failed.")]
    private static partial void LogTransportDisposeFailed(ILogger logger, Exception exception);
}
