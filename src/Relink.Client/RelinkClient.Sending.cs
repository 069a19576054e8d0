using Relink.Protocol;
using Relink.Protocol.Messages;

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
    /// reaches every recipient (now or when they next come online). Sending again with the same
    /// <paramref name="clientMsgId"/> is harmless: the server returns the message it stored the first time.
    /// </summary>
    /// <param name="peer">The friend (<see cref="Peers.User"/>) or group (<see cref="Peers.Group"/>).</param>
    /// <param name="type">Text or emoji.</param>
    /// <param name="text">The text (up to <see cref="FrameLimits.MaxTextLength"/> characters) or emoji id.</param>
    /// <param name="clientMsgId">The idempotency key (1..64 characters); a new one when null.</param>
    /// <param name="cancellationToken">Stops waiting (the message may still be stored).</param>
    /// <returns>The message as stored: id, seq and sent_at assigned by the server.</returns>
    /// <exception cref="RelinkException">Refused, e.g. <see cref="ErrorCode.Forbidden"/> when not a friend or member.</exception>
    /// <exception cref="RelinkTimeoutException">No acknowledgement in time: the message may or may not be stored;
    /// send again with the same <paramref name="clientMsgId"/> to find out without duplicating it.</exception>
    /// <exception cref="RelinkConnectionException">Not connected, or the link dropped before the acknowledgement.</exception>
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

        if (_options.ReceiveMessages)
        {
            _inbox.RegisterOwn(clientMsgId);
        }

        var request = new Envelope
        {
            SendMessage = new SendMessageRequest { ClientMsgId = clientMsgId, To = peer, Type = type, Text = text },
        };
        return RequestAsync(
            request,
            Envelope.BodyOneofCase.SendMessageOk,
            a => a.SendMessageOk.Message,
            cancellationToken,
            (_, answer) =>
            {
                // Our own message moves the conversation's cursor (so the next push needs no pull) but is not
                // "received": the caller already has it from this method.
                if (_options.ReceiveMessages && answer.SendMessageOk.Message is { } stored)
                {
                    _inbox.OnSent(stored);
                }
            });
    }
}
