using Relink.Protocol.Messages;
using Relink.Server.Sessions;
using Relink.Storage;

namespace Relink.Server.Chat;

public sealed partial class ChatService
{
    /// <summary>The caller's talk list, newest activity first.</summary>
    public async Task<Envelope> ListTalksAsync(Session session, ListTalksRequest request)
    {
        int perTalk = LatestPerTalk(request.LatestPerTalk);
        await WriteHeldCursorsAsync(session.UserId, session.DeviceId);
        var talks = await store.ListTalksAsync(session.UserId, session.DeviceId, perTalk);
        var response = new ListTalksResponse();
        response.Talks.AddRange(TalksWithinBudget(talks, session.UserId, options.PageBudgetBytes));
        return new Envelope { ListTalksOk = response };
    }

    /// <summary>How many latest messages each talk carries: what the client asked (at most 200), or the server default.</summary>
    private int LatestPerTalk(int requested) => requested > 0 ? Math.Min(requested, MaxLatestPerTalk) : options.LatestPerTalk;

    private const int MaxLatestPerTalk = 200;

    /// <summary>
    /// Talks newest first, each with as many of its latest messages as the byte budget still allows (the newest
    /// kept), so a talk list always fits in one frame; clients page the rest with history requests.
    /// </summary>
    private static IEnumerable<Talk> TalksWithinBudget(IReadOnlyList<TalkRecord> talks, string viewerId, int budgetBytes)
    {
        foreach (var record in talks)
        {
            var talk = ProtoMapping.Talk(record, viewerId, includeLatest: false);
            var latest = record.Latest.Select(m => ProtoMapping.Message(m, talk.Peer)).ToList();
            int kept = budgetBytes > 0 ? FrameBudget.CountWithin(latest, budgetBytes, fromNewest: true) : 0;
            talk.Latest.AddRange(latest.Skip(latest.Count - kept));
            talk.LatestOmitted = latest.Count - kept; // said on the wire, so a client knows to page them
            budgetBytes -= talk.Latest.Sum(m => m.CalculateSize());
            yield return talk;
        }
    }

    /// <summary>
    /// Opens a talk (puts a conversation in the caller's talk list). For a friend, the talk opens on their side too,
    /// and they are told if online, so both talk lists show the conversation.
    /// </summary>
    public async Task<Envelope> OpenTalkAsync(Session session, OpenTalkRequest request)
    {
        var peer = Validate.Peer(request.Peer, "peer");
        string conversationId = await AuthorizeConversationAsync(session, peer);
        string me = session.UserId;
        bool direct = peer.Kind == Protocol.Messages.ConversationKind.Direct;
        await store.OpenTalkAsync(direct ? [me, peer.Id] : [me], conversationId, Now);
        if (direct)
        {
            foreach (var theirSession in sessions.SessionsOf(peer.Id))
            {
                // Each device gets the talk with its own delivery cursor.
                await WriteHeldCursorsAsync(peer.Id, theirSession.DeviceId);
                if (await store.GetTalkAsync(peer.Id, theirSession.DeviceId, conversationId, 0) is { } theirs)
                {
                    theirSession.Push(new OutboundFrame(new Envelope { TalkOpened = new TalkOpenedNotice { Talk = ProtoMapping.Talk(theirs, peer.Id) } }));
                }
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

    /// <summary>
    /// Moves the caller's read cursor; answers with the unread count left. A move forward is told to the user's
    /// other devices (read sync) and to the other participants (read receipts), coalesced by <see cref="Receipts.ReadSignals"/>.
    /// </summary>
    public async Task<Envelope> MarkReadAsync(Session session, MarkReadRequest request)
    {
        var peer = Validate.Peer(request.Peer, "peer");
        string conversationId = await AuthorizeConversationAsync(session, peer);
        var mark = await store.MarkReadAsync(session.UserId, conversationId, Math.Max(0, request.Seq));
        if (mark.Moved)
        {
            readSignals.Read(session, conversationId, mark.ReadSeq, mark.Unread);
        }

        return new Envelope { MarkReadOk = new MarkReadResponse { Unread = mark.Unread } };
    }

    private async Task<Talk> TalkOfAsync(Session session, string conversationId)
    {
        await WriteHeldCursorsAsync(session.UserId, session.DeviceId);
        var record = await store.GetTalkAsync(session.UserId, session.DeviceId, conversationId, options.LatestPerTalk)
            ?? throw RequestException.NotFound("No such talk.");
        return ProtoMapping.Talk(record, session.UserId);
    }
}
