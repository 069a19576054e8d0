using Relink.Client.Sending;
using Relink.Protocol;

namespace Relink.Client;

public sealed partial class RelinkClient
{
    /// <summary>Sends a text message; completes when the server has stored it.</summary>
    /// <returns>The message as stored: id, seq and sent_at assigned by the server.</returns>
    /// <inheritdoc cref="SendAsync" path="/exception"/>
    public Task<ChatMessage> SendTextAsync(Peer peer, string text, CancellationToken cancellationToken = default) =>
        SendAsync(peer, MessageType.Text, text, clientMsgId: null, cancellationToken);

    /// <summary>Sends an emoji (an id such as <c>f_22</c>); completes when the server has stored it.</summary>
    /// <returns>The message as stored.</returns>
    /// <inheritdoc cref="SendAsync" path="/exception"/>
    public Task<ChatMessage> SendEmojiAsync(Peer peer, string emojiId, CancellationToken cancellationToken = default) =>
        SendAsync(peer, MessageType.Emoji, emojiId, clientMsgId: null, cancellationToken);

    /// <summary>
    /// Sends a message and completes only when the server acknowledged it: then it is stored, has its seq, and
    /// reaches every recipient (now or when they next come online). The message goes into the outbox first and is
    /// shown in <see cref="PendingMessages"/> until then. While the client is reconnecting it waits there; once the
    /// session is back, the outbox goes out in order, before anything sent later. A message that was on the wire
    /// when the link dropped is sent again with the same <paramref name="clientMsgId"/>, so the server stores it once.
    /// A send that the server refuses for going too fast (RATE_LIMITED) is retried after a short wait.
    /// </summary>
    /// <param name="peer">The friend (<see cref="Peers.User"/>) or group (<see cref="Peers.Group"/>).</param>
    /// <param name="type">Text or emoji.</param>
    /// <param name="text">The text (up to <see cref="FrameLimits.MaxTextLength"/> characters) or emoji id.</param>
    /// <param name="clientMsgId">The idempotency key (1..64 characters); a new one when null.</param>
    /// <param name="cancellationToken">Stops waiting. A message still waiting its turn is taken out of the outbox and
    /// never sent; one already on the wire may still be stored.</param>
    /// <returns>The message as stored: id, seq and sent_at assigned by the server.</returns>
    /// <exception cref="RelinkException">Refused, e.g. <see cref="ErrorCode.Forbidden"/> when not a friend or member.</exception>
    /// <exception cref="RelinkOutboxFullException">At once, when the outbox is full (<see cref="RelinkClientOptions.OutboxCapacity"/>):
    /// nothing was queued.</exception>
    /// <exception cref="RelinkStoppedException">The client stopped (gave up reconnecting, was kicked, logged out, …)
    /// before the message was acknowledged, or had stopped already.</exception>
    /// <exception cref="RelinkConnectionException">Not logged in; or the link dropped and the client does not
    /// reconnect (<see cref="RelinkClientOptions.ReconnectPolicy"/> is null).</exception>
    public Task<ChatMessage> SendAsync(Peer peer, MessageType type, string text, string? clientMsgId = null, CancellationToken cancellationToken = default)
    {
        CheckPeer(peer);
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        if (type == MessageType.Unspecified)
        {
            throw new ArgumentException("Say what the message is: MessageType.Text or MessageType.Emoji.", nameof(type));
        }

        if (text.Length > FrameLimits.MaxTextLength)
        {
            throw new ArgumentException($"A message holds at most {FrameLimits.MaxTextLength} characters; this one has {text.Length}.", nameof(text));
        }

        clientMsgId ??= Guid.NewGuid().ToString("N");
        if (clientMsgId.Length is 0 or > 64)
        {
            throw new ArgumentException("A client message id has 1 to 64 characters.", nameof(clientMsgId));
        }

        ThrowIfDisposed();
        var entry = new OutboxEntry(clientMsgId, peer, type, text, _time.GetUtcNow());
        _outbox.Add(entry);
        RecordQueued(entry);
        if (_options.ReceiveMessages)
        {
            _inbox.RegisterOwn(clientMsgId);
        }

        if (cancellationToken.CanBeCanceled)
        {
            entry.Cancellation = cancellationToken.Register(() => OnSendCancelled(entry, cancellationToken));
        }

        PendingMessagesChangedNow();
        PumpOutbox();
        return entry.Completion;
    }
}
