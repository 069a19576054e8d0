using Relink.Client.Link;
using Relink.Protocol.Messages;

namespace Relink.Client.Lifecycle;

/// <summary>What the <see cref="ClientLifecycle"/> needs from the client around it (its events say what happened;
/// these are the few things it must ask or hand over).</summary>
internal interface ILifecycleHost
{
    /// <summary>Raises the public StateChanged event (called through the client's event queue, in order).</summary>
    void RaiseStateChanged(ConnectionStateChangedEventArgs change);

    /// <summary>Every frame that is not the answer to a waiting request, after the lifecycle noted what it says about
    /// the link's end (kicked, going away); runs on the receive loop.</summary>
    void OnPush(ClientLink link, Envelope push);

    /// <summary>Sends the delivery cursors not yet sent, before the link is closed politely (logout, dispose).</summary>
    Task FlushAcksAsync(ClientLink link);

    /// <summary>How far the inbox delivered a conversation (a message seen live counts as seen on resume).</summary>
    long DeliveredCursor(string conversationId);
}
