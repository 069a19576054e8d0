using Microsoft.Extensions.Logging;
using Relink.Client.Inbox;
using Relink.Protocol.Messages;

namespace Relink.Client;

public sealed partial class RelinkClient
{
    // The safety net under pushes: a push is a fast hint, the server's store is the truth. Every
    // RelinkClientOptions.SyncInterval (and at once for a conversation the inbox meets without a cursor) the client
    // asks which talks this device is behind on, and pulls what no push brought, as it repairs any gap. The client's
    // one timer (Heartbeat/ClientTimer) starts the periodic ones; the lifecycle's session events start and stop it.
    private readonly StoreSync _storeSync;

    void IInboxHost.SyncSoon()
    {
        if (_storeSync.TryStartNow())
        {
            _ = SyncWithStoreAsync();
        }
    }

    private async Task SyncWithStoreAsync()
    {
        do
        {
            try
            {
                var answer = await RequestAsync(new Envelope { Sync = new SyncRequest() }, Envelope.BodyOneofCase.SyncOk, a => a.SyncOk, CancellationToken.None);
                if (answer.Behind.Count > 0)
                {
                    LogBehind(_logger, answer.Behind.Count, answer.HasMore);
                }

                _inbox.OnSynced(answer.Behind);
            }
            catch (Exception e) when (e is RelinkException or OperationCanceledException or ObjectDisposedException)
            {
                // The link is gone (the next session's talk list catches up) or the server refused: the next sync tries again.
                LogSyncFailed(_logger, e.Message);
            }
        }
        while (_storeSync.Finished());

        _timer.Reschedule();
    }

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "The store has messages for {Talks} talks that no push brought (more: {HasMore}); pulling them.")]
    private static partial void LogBehind(ILogger logger, int talks, bool hasMore);

    [LoggerMessage(EventId = 203, Level = LogLevel.Debug, Message = "Sync with the store failed: {Reason}")]
    private static partial void LogSyncFailed(ILogger logger, string reason);
}
