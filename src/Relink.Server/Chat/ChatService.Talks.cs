using Relink.Protocol.Messages;
using Relink.Server.Connections;
using Relink.Server.Sessions;

namespace Relink.Server.Chat;

public sealed partial class ChatService
{
    /// <summary>The caller's talk list, newest activity first.</summary>
    public async Task<Envelope> ListTalksAsync(Session session, ListTalksRequest request)
    {
        int perTalk = request.LatestPerTalk > 0 ? Math.Min(request.LatestPerTalk, 200) : options.LatestPerTalk;
        var talks = await store.ListTalksAsync(session.UserId, session.DeviceId, perTalk);
        var response = new ListTalksResponse();
        response.Talks.AddRange(talks.Select(t => ProtoMapping.Talk(t, session.UserId)));
        return new Envelope { ListTalksOk = response };
    }

    /// <summary>
    /// Opens a talk (the original's TalkNotice). For a friend, the talk opens on their side too and they are told
    /// if online, so both talk lists show the conversation.
    /// </summary>
    public async Task<Envelope> OpenTalkAsync(Session session, OpenTalkRequest request)
    {
        var peer = Validate.Peer(request.Peer, "peer");
        string conversationId = await AuthorizeConversationAsync(session, peer);
        string me = session.UserId;
        await store.OpenTalkAsync(me, conversationId, Now);
        if (peer.Kind == Protocol.Messages.ConversationKind.Direct)
        {
            await store.OpenTalkAsync(peer.Id, conversationId, Now);
            if (await store.GetTalkAsync(peer.Id, DefaultDeviceId, conversationId, 0) is { } theirs)
            {
                sessions.PublishToUser(peer.Id, new OutboundFrame(new Envelope { TalkOpened = new TalkOpenedNotice { Talk = ProtoMapping.Talk(theirs, peer.Id) } }));
            }
        }

        return new Envelope { TalkOk = new TalkResponse { Talk = await TalkOfAsync(session, conversationId) } };
    }

    /// <summary>Removes a talk from the caller's list; the history stays and a newer message brings it back.</summary>
    public async Task<Envelope> DeleteTalkAsync(Session session, DeleteTalkRequest request)
    {
        var peer = Validate.Peer(request.Peer, "peer");
        string conversationId = ProtoMapping.ConversationOf(peer, session.UserId);
        if (!await store.DeleteTalkAsync(session.UserId, conversationId))
        {
            throw RequestException.NotFound("That talk is not in your talk list.");
        }

        return new Envelope { TalkOk = new TalkResponse { Talk = await TalkOfAsync(session, conversationId) } };
    }

    /// <summary>Moves the caller's read cursor; answers with the unread count left.</summary>
    public async Task<Envelope> MarkReadAsync(Session session, MarkReadRequest request)
    {
        var peer = Validate.Peer(request.Peer, "peer");
        string conversationId = await AuthorizeConversationAsync(session, peer);
        int unread = await store.MarkReadAsync(session.UserId, conversationId, Math.Max(0, request.Seq));
        return new Envelope { MarkReadOk = new MarkReadResponse { Unread = unread } };
    }

    private async Task<Talk> TalkOfAsync(Session session, string conversationId)
    {
        var record = await store.GetTalkAsync(session.UserId, session.DeviceId, conversationId, options.LatestPerTalk)
            ?? throw RequestException.NotFound("No such talk.");
        return ProtoMapping.Talk(record, session.UserId);
    }
}
