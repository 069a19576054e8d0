using Relink.Protocol.Messages;
using Relink.Server.Connections;
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
        string clientMsgId = Validate.Text(request.ClientMsgId, "client_msg_id", 1, Validate.MaxClientMsgIdLength);
        var peer = Validate.Peer(request.To, "to");
        (MessageKind kind, string text) = Validate.MessageContent(request.Type, request.Text);
        string conversationId = await AuthorizeConversationAsync(session, peer);

        var result = await store.AppendMessageAsync(new NewMessage(conversationId, session.UserId, clientMsgId, kind, text, Now));
        if (!result.Duplicate)
        {
            metrics.MessagesStored.Add(1);
        }

        FanOut(session, peer, result.Message);
        return new Envelope
        {
            SendMessageOk = new SendMessageResponse { Message = ProtoMapping.Message(result.Message, peer), Duplicate = result.Duplicate },
        };
    }

    /// <summary>A page of one conversation's history, for participants only.</summary>
    public async Task<Envelope> HistoryAsync(Session session, HistoryRequest request)
    {
        var peer = Validate.Peer(request.Peer, "peer");
        string conversationId = await AuthorizeConversationAsync(session, peer);
        int limit = Validate.Limit(request.Limit, DefaultHistoryLimit, MaxHistoryLimit);
        var page = await store.GetMessagesAsync(conversationId, Math.Max(0, request.AfterSeq), Math.Max(0, request.BeforeSeq), limit);

        var response = new HistoryResponse { HasMore = page.HasMore, LastSeq = page.LastSeq };
        response.Messages.AddRange(page.Messages.Select(m => ProtoMapping.Message(m, peer)));
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
            if (cursor.Seq > 0 && await ParticipatesAsync(session.UserId, cursor.ConversationId))
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

    private void FanOut(Session sender, Peer peer, StoredMessage message)
    {
        if (peer.Kind == Protocol.Messages.ConversationKind.Group)
        {
            sessions.PublishToGroup(peer.Id, Push(message, peer), except: sender);
            return;
        }

        string me = sender.UserId;
        sessions.PublishToUser(peer.Id, Push(message, new Peer { Kind = peer.Kind, Id = me }));
        sessions.PublishToUser(me, Push(message, peer), except: sender);
    }

    private static OutboundFrame Push(StoredMessage message, Peer peer) =>
        new(new Envelope { Message = new MessagePush { Message = ProtoMapping.Message(message, peer) } });
}
