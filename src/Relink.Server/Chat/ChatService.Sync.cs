using Relink.Protocol.Messages;
using Relink.Server.Sessions;
using StoreKind = Relink.Storage.ConversationKind;

namespace Relink.Server.Chat;

public sealed partial class ChatService
{
    /// <summary>Talks one sync answer lists; a device further behind gets the newest and <c>has_more</c>.</summary>
    internal const int MaxSyncTalks = 256;

    /// <summary>
    /// The caller's talks whose newest message is past this device's delivery cursor. A push is only a fast hint:
    /// a client that asks this now and then learns from the store of anything a lost push did not bring.
    /// </summary>
    public async Task<Envelope> SyncAsync(Session session, SyncRequest request)
    {
        // One more than shown tells whether there are more.
        await WriteHeldCursorsAsync(session.UserId, session.DeviceId);
        var behind = await store.ListTalksBehindAsync(session.UserId, session.DeviceId, MaxSyncTalks + 1);
        var response = new SyncResponse { HasMore = behind.Count > MaxSyncTalks };
        foreach (var talk in behind.Take(MaxSyncTalks))
        {
            response.Behind.Add(new TalkCursor
            {
                Peer = new Peer { Kind = talk.Kind == StoreKind.Group ? Protocol.Messages.ConversationKind.Group : Protocol.Messages.ConversationKind.Direct, Id = talk.PeerId },
                ConversationId = talk.ConversationId,
                LastSeq = talk.LastSeq,
                DeliveredSeq = talk.DeliveredSeq,
            });
        }

        return new Envelope { SyncOk = response };
    }
}
