using Microsoft.Extensions.Logging;
using Relink.Protocol.Messages;

namespace Relink.Client;

public sealed partial class RelinkClient
{
    [LoggerMessage(EventId = 14, Level = LogLevel.Warning, Message = "The server reported {Code}: {Message} (fatal: {Fatal}).")]
    private static partial void LogServerError(ILogger logger, ErrorCode code, string message, bool fatal);

    [LoggerMessage(EventId = 15, Level = LogLevel.Warning, Message = "Ignored an unexpected {Body} frame (request id {RequestId}).")]
    private static partial void LogUnexpectedPush(ILogger logger, Envelope.BodyOneofCase body, uint requestId);

    [LoggerMessage(EventId = 26, Level = LogLevel.Warning, Message = "{Count} unsent messages failed: {Reason}")]
    private static partial void LogOutboxFailed(ILogger logger, int count, string reason);

    [LoggerMessage(EventId = 27, Level = LogLevel.Debug, Message = "Message {ClientMsgId} was rate limited; sending it again in {WaitSeconds:0.###} s.")]
    private static partial void LogRateLimited(ILogger logger, string clientMsgId, double waitSeconds);

    [LoggerMessage(EventId = 28, Level = LogLevel.Information, Message = "{Count} messages an earlier client left unacknowledged go out first.")]
    private static partial void LogRestoredPending(ILogger logger, int count);
}
