using Relink.Protocol.Messages;
using Relink.Server.Receipts;
using Relink.Server.Sessions;
using Relink.Storage;

namespace Relink.Server.Chat;

public sealed partial class ChatService
{
    /// <summary>
    /// Answers the caller's read receipts setting, after changing it when the request says how. A change reaches
    /// the user's other devices (and takes effect on all their sessions) at once.
    /// </summary>
    public async Task<Envelope> ReadReceiptsAsync(Session session, ReadReceiptsRequest request)
    {
        bool enabled;
        if (request.HasEnabled)
        {
            enabled = request.Enabled;
            if (!await store.SetReadReceiptsAsync(session.UserId, enabled))
            {
                throw RequestException.NotFound("Your account no longer exists.");
            }

            readSignals.SettingChanged(session, enabled);
        }
        else
        {
            enabled = await store.GetReadReceiptsAsync(session.UserId);
        }

        session.ReadReceiptsOff = !enabled;
        return new Envelope { ReadReceiptsOk = new ReadReceiptsResponse { Enabled = enabled } };
    }

    /// <summary>
    /// The other participants' read and delivered positions in a conversation (participants only): what a client
    /// draws ticks and "read by" from when it opens the conversation. Nothing for a caller with receipts off.
    /// </summary>
    public async Task<Envelope> ReadPositionsAsync(Session session, ReadPositionsRequest request)
    {
        var peer = Validate.Peer(request.Peer, "peer");
        string conversationId = await AuthorizeConversationAsync(session, peer);
        var response = new ReadPositionsResponse { ReceiptsOff = session.ReadReceiptsOff };
        if (!session.ReadReceiptsOff)
        {
            foreach (var position in await store.ListReadPositionsAsync(conversationId))
            {
                if (position.User.UserId != session.UserId)
                {
                    response.Positions.Add(new ReadPosition
                    {
                        User = ProtoMapping.Profile(position.User),
                        ReadSeq = position.ReadSeq,
                        DeliveredSeq = position.DeliveredSeq,
                    });
                }
            }
        }

        return new Envelope { ReadPositionsOk = response };
    }

    /// <summary>
    /// Who has read the message at a sequence number, other than the caller and its sender (participants only; the
    /// "read by" list).
    /// </summary>
    public async Task<Envelope> ListReadersAsync(Session session, ListReadersRequest request)
    {
        var peer = Validate.Peer(request.Peer, "peer");
        if (request.Seq < 1)
        {
            throw RequestException.Invalid("seq", "seq names a message: 1 or more.");
        }

        string conversationId = await AuthorizeConversationAsync(session, peer);
        var response = new ListReadersResponse { ReceiptsOff = session.ReadReceiptsOff };
        if (!session.ReadReceiptsOff)
        {
            // A sender has read what they sent, which is no news: "read by" counts the others.
            var page = await store.GetMessagesAsync(conversationId, afterSeq: request.Seq - 1, beforeSeq: 0, limit: 1);
            string? sender = page.Messages is [{ } message] && message.Seq == request.Seq ? message.SenderId : null;
            response.Readers.AddRange((await store.ListReadPositionsAsync(conversationId))
                .Where(p => p.ReadSeq >= request.Seq && p.User.UserId != session.UserId && p.User.UserId != sender)
                .Select(p => ProtoMapping.Profile(p.User)));
        }

        return new Envelope { ListReadersOk = response };
    }
}
