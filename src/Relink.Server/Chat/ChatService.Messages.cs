using Relink.Protocol.Messages;
using Relink.Server.Sessions;
using Relink.Storage;

namespace Relink.Server.Chat;

public sealed partial class ChatService
{
    private const int DefaultHistoryLimit = 50;
    private const int MaxHistoryLimit = 200;
    private const int MaxCursorsPerAck = 256;

    /// <summary>
    /// Stores a message, then acknowledges it with the server-assigned id, sequence number and time, then pushes
    /// it to every other online session of every participant. A retry with the same client message id stores
    /// nothing and gets the original ack (and the fan-out again: receivers drop the duplicate by sequence).
    /// </summary>
    public async Task<Envelope> SendMessageAsync(Session session, SendMessageRequest request)
    {
        if (!session.TryTakeSendToken(options.Limits, time))
        {
            throw new RequestException(ErrorCode.RateLimited, $"Sending too fast: at most {options.Limits.SendsPerSecond} messages per second after a burst of {options.Limits.SendBurst}.");
        }

        string clientMsgId = Validate.Text(request.ClientMsgId, "client_msg_id", 1, Validate.MaxClientMsgIdLength);
        var peer = Validate.Peer(request.To, "to");
        (MessageKind kind, string text) = Validate.MessageContent(request.Type, request.Text);
        string conversationId = await AuthorizeConversationAsync(session, peer);
        var result = await StoreAndDeliverAsync(session.UserId, peer, conversationId, clientMsgId, kind, text, from: session);
        return new Envelope
        {
            SendMessageOk = new SendMessageResponse { Message = ProtoMapping.Message(result.Message, peer), Duplicate = result.Duplicate },
        };
    }

    /// <summary>
    /// The one way a message enters the chat, for a client's send and the server API's alike: stores it, then pushes
    /// it to every online session of every participant but <paramref name="from"/> (the sending connection, which
    /// gets the answer instead; null when the message comes from the server API, so all the sender's devices get
    /// their copy). A retry with the same (sender, client message id) stores nothing and returns the original; it is
    /// pushed again (receivers drop the duplicate by sequence), so a push lost to a crash right after the store is
    /// made good by the retry. The caller has checked that the sender may use the conversation (the peer names it
    /// from the sender's side: the other user, or the group) and that it exists.
    /// </summary>
    internal async Task<AppendResult> StoreAndDeliverAsync(string senderId, Peer peer, string conversationId, string clientMsgId, MessageKind kind, string text, Session? from)
    {
        var result = await store.AppendMessageAsync(new NewMessage(conversationId, senderId, clientMsgId, kind, text, Now, from?.DeviceId));
        if (result.Duplicate && result.Message.ConversationId != conversationId)
        {
            // The key names a message of another conversation: answering with it would show that message here.
            throw RequestException.Invalid("client_msg_id", "This client message id was already used for a message to another conversation; a new message needs a new id.");
        }

        if (!result.Duplicate)
        {
            metrics.MessagesStored.Add(1);
        }

        FanOut(senderId, peer, result.Message, except: from);
        return result;
    }

    /// <summary>A page of one conversation's history, for participants only.</summary>
    public async Task<Envelope> HistoryAsync(Session session, HistoryRequest request)
    {
        var peer = Validate.Peer(request.Peer, "peer");
        string conversationId = await AuthorizeConversationAsync(session, peer);
        int limit = Validate.Limit(request.Limit, DefaultHistoryLimit, MaxHistoryLimit);
        // Presence, not value, picks the direction: "after 0" is how a device with nothing yet reads from the start.
        bool forward = request.HasAfterSeq;
        var page = await store.GetMessagesAsync(conversationId, forward ? Math.Max(0, request.AfterSeq) : null, Math.Max(0, request.BeforeSeq), limit);

        // Keep the page within the byte budget, dropping from the far end of the direction asked (the client's next
        // page continues from what it got), so a page of long messages still fits in one server frame.
        var messages = page.Messages.Select(m => ProtoMapping.Message(m, peer)).ToList();
        int kept = FrameBudget.CountWithin(messages, options.PageBudgetBytes, fromNewest: !forward);
        var response = new HistoryResponse { HasMore = page.HasMore || kept < messages.Count, LastSeq = page.LastSeq };
        response.Messages.AddRange(forward ? messages.Take(kept) : messages.Skip(messages.Count - kept));
        return new Envelope { HistoryOk = response };
    }

    /// <summary>
    /// Moves this device's delivery cursors. Cursors for conversations the user takes no part in are ignored.
    /// No answer: acks are fire-and-forget.
    /// </summary>
    public async Task<Envelope?> AckAsync(Session session, AckRequest request)
    {
        if (request.Cursors.Count > MaxCursorsPerAck)
        {
            throw RequestException.Invalid("cursors", $"At most {MaxCursorsPerAck} cursors per ack.");
        }

        var cursors = new List<DeliveryCursor>(request.Cursors.Count);
        foreach (var cursor in request.Cursors)
        {
            if (cursor.Seq > 0 && await access.TakesPartAsync(session.UserId, cursor.ConversationId))
            {
                cursors.Add(new DeliveryCursor(cursor.ConversationId, cursor.Seq));
            }
        }

        if (cursors.Count > 0)
        {
            await store.AdvanceDeliveredAsync(session.UserId, session.DeviceId, cursors);
        }

        return null;
    }

    private void FanOut(string senderId, Peer peer, StoredMessage message, Session? except)
    {
        if (peer.Kind == Protocol.Messages.ConversationKind.Group)
        {
            sessions.PublishToGroup(peer.Id, Push(message, peer), except);
            return;
        }

        sessions.PublishToUser(peer.Id, Push(message, new Peer { Kind = peer.Kind, Id = senderId }));
        sessions.PublishToUser(senderId, Push(message, peer), except);
    }

    private static OutboundFrame Push(StoredMessage message, Peer peer) =>
        new(new Envelope { Message = new MessagePush { Message = ProtoMapping.Message(message, peer) } });
}
