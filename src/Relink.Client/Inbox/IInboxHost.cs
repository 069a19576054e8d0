using Relink.Protocol.Messages;

namespace Relink.Client.Inbox;

/// <summary>What the <see cref="MessageInbox"/> needs from the client around it: history, acks, the event.</summary>
internal interface IInboxHost
{
    /// <summary>Pulls the messages after <paramref name="afterSeq"/> of a conversation, oldest first.</summary>
    Task<HistoryPage> PullAsync(Peer peer, long afterSeq, int limit);

    /// <summary>Asks the server soon which talks this device is behind on, and hands the answer to <see cref="MessageInbox.OnSynced"/>.</summary>
    void SyncSoon();

    /// <summary>Sends acknowledgements without waiting (AckRequest has no answer).</summary>
    void SendAcks(AckRequest acks);

    /// <summary>The first ack of a batch was recorded: the client's timer must fire by its due time.</summary>
    void AckTimerArmed();

    /// <summary>Raises MessageEdited or MessageRecalled for an event (one at a time, in delivery order, outside the inbox lock).</summary>
    void RaiseChanged(ChatMessage change);

    /// <summary>Raises MessageReceived (called one at a time, in delivery order, outside the inbox lock).</summary>
    void RaiseReceived(ChatMessage message);
}
