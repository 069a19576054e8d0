using Relink.Client.Link;
using Relink.Client.Model;
using Relink.Protocol.Messages;

namespace Relink.Client;

public sealed partial class RelinkClient
{
    /// <summary>
    /// Raised when the sender (another user, or this user on another device) edited a message, in seq order with the
    /// messages and exactly once: the argument is the event, whose <see cref="ChatMessage.TargetSeq"/> names the
    /// message and whose <see cref="ChatMessage.Text"/> is its new text. Events are not put in
    /// <see cref="ReadMessagesAsync"/> nor raised as <see cref="MessageReceived"/>. Edits this client made are not
    /// raised (<see cref="EditAsync"/> returned them).
    /// </summary>
    public event EventHandler<ChatMessage>? MessageEdited;

    /// <summary>
    /// Raised when the sender recalled a message, like <see cref="MessageEdited"/>: the argument is the event, whose
    /// <see cref="ChatMessage.TargetSeq"/> names the message to replace with a placeholder.
    /// </summary>
    public event EventHandler<ChatMessage>? MessageRecalled;

    /// <summary>
    /// Edits a text message this user sent, within the server's edit window (24 h by default). Every device of every
    /// participant gets the edit in order; history then shows the new text with <see cref="ChatMessage.EditedAt"/>.
    /// </summary>
    /// <param name="peer">The conversation.</param>
    /// <param name="seq">The message's <see cref="ChatMessage.Seq"/>.</param>
    /// <param name="text">The new text (1..4,000 characters, not blank).</param>
    /// <param name="clientMsgId">The edit's idempotency key (a new one when null): a retry with the same key is applied once.</param>
    /// <param name="cancellationToken">Stops waiting (the edit may still be applied).</param>
    /// <returns>The edit event as stored, with its own seq.</returns>
    /// <exception cref="RelinkException">Refused: <see cref="ErrorCode.Forbidden"/> when it is not this user's message,
    /// the window has passed or it was recalled; <see cref="ErrorCode.NotFound"/> when there is no such message.</exception>
    public Task<ChatMessage> EditAsync(Peer peer, long seq, string text, string? clientMsgId = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seq, 1);
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var request = new EditMessageRequest { ClientMsgId = clientMsgId ?? Guid.NewGuid().ToString("N"), Peer = peer.ToWire(), Seq = seq, Text = text };
        return RequestAsync(new Envelope { EditMessage = request }, Envelope.BodyOneofCase.EditMessageOk, a => a.EditMessageOk.Event.ToModel(), cancellationToken, (_, a) => OnChangeAnswered(a.EditMessageOk));
    }

    /// <summary>
    /// Recalls a message this user sent, within the server's recall window (2 minutes by default): its text leaves the
    /// server, and every device of every participant shows a placeholder instead. Recalling it again is a no-op.
    /// </summary>
    /// <param name="peer">The conversation.</param>
    /// <param name="seq">The message's <see cref="ChatMessage.Seq"/>.</param>
    /// <param name="cancellationToken">Stops waiting (the recall may still be applied).</param>
    /// <returns>The recall event as stored, with its own seq.</returns>
    /// <exception cref="RelinkException">Refused: <see cref="ErrorCode.Forbidden"/> when it is not this user's message or
    /// the window has passed; <see cref="ErrorCode.NotFound"/> when there is no such message.</exception>
    public Task<ChatMessage> RecallAsync(Peer peer, long seq, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seq, 1);
        var request = new RecallMessageRequest { Peer = peer.ToWire(), Seq = seq };
        return RequestAsync(new Envelope { RecallMessage = request }, Envelope.BodyOneofCase.RecallMessageOk, a => a.RecallMessageOk.Event.ToModel(), cancellationToken, (_, a) => OnChangeAnswered(a.RecallMessageOk));
    }

    // On the receive loop, as the answer is read: like an own send, the event moves the conversation's cursor (so the
    // next push needs no pull) but is not "received": the caller has it.
    private void OnChangeAnswered(ChangeMessageResponse? answer)
    {
        if (answer?.Event is not { } onWire)
        {
            return;
        }

        ChatMessage stored = onWire.ToModel();
        if (_options.ReceiveMessages)
        {
            _inbox.OnSent(stored);
        }

        _view.Seen(stored);
    }

    void Inbox.IInboxHost.RaiseChanged(ChatMessage change) =>
        (change.Type == MessageType.Edit ? MessageEdited : MessageRecalled)?.Invoke(this, change);
}
