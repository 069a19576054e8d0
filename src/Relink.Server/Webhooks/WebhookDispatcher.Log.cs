namespace Relink.Server.Webhooks;

public sealed partial class WebhookDispatcher
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Webhook event {EventId} of {ConversationId} was refused ({Failure}); retrying with backoff, the conversation's later events wait")]
    private partial void LogFirstFailure(string eventId, string conversationId, string failure);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Debug, Message = "Webhook event {EventId} failed {Failures} times ({Failure}); next attempt in {Delay}")]
    private partial void LogRetrying(string eventId, int failures, string failure, TimeSpan delay);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Information, Message = "Webhook event {EventId} delivered on attempt {Attempts}")]
    private partial void LogDeliveredAfterRetries(string eventId, int attempts);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning, Message = "Webhook event {EventId} of {ConversationId} given up after {Failures} attempts ({RetryWindow} since it happened; last: {Failure}); kept in webhook_dead_letters with its body")]
    private partial void LogDeadLettered(string eventId, string conversationId, int failures, TimeSpan retryWindow, string failure);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Error, Message = "Webhook events of {ConversationId} could not be read or marked done; trying again")]
    private partial void LogStoreFailed(string conversationId, Exception error);
}
