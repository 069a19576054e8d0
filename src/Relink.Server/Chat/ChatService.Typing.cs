using Relink.Protocol.Messages;
using Relink.Server.Diagnostics;
using Relink.Server.Sessions;

namespace Relink.Server.Chat;

public sealed partial class ChatService
{
    /// <summary>
    /// Relays "typing" or "paused" to the other participants' online sessions (1:1: the friend; group: the other
    /// members), never to the typer's own other devices, and stores nothing. A signal over the rate limit
    /// (<see cref="Configuration.RelinkServerOptions.TypingInterval"/>) is dropped silently and counted: typing is a
    /// hint that the next one repeats, not something a client should retry or report. No answer unless refused.
    /// </summary>
    public async Task<Envelope?> TypingAsync(Session session, TypingRequest request)
    {
        var peer = Validate.Peer(request.To, "to");
        if (request.State is not (TypingState.Typing or TypingState.Paused))
        {
            throw RequestException.Invalid("state", "state must be TYPING or PAUSED.");
        }

        // The rate limit comes before the access check, so a client repeating signals costs no store read for each.
        string conversationId = ProtoMapping.ConversationOf(peer, session.UserId);
        long interval = (long)(options.TypingInterval.TotalSeconds * time.TimestampFrequency);
        if (!session.TypingThrottle.TryPass(conversationId, request.State, time.GetTimestamp(), interval))
        {
            metrics.Refused(RefusedLimit.TypingRate);
            return null;
        }

        await AuthorizeConversationAsync(session, peer);
        var notice = new TypingNotice
        {
            UserId = session.UserId,
            Nickname = session.User!.Nickname,
            State = request.State,
            TtlMs = (int)options.TypingTimeToLive.TotalMilliseconds,
        };
        if (peer.Kind == ConversationKind.Group)
        {
            notice.Peer = peer;
            sessions.PublishToGroup(peer.Id, new OutboundFrame(new Envelope { TypingNotice = notice }), exceptUser: session.UserId);
        }
        else
        {
            notice.Peer = new Peer { Kind = ConversationKind.Direct, Id = session.UserId };
            sessions.PublishToUser(peer.Id, new OutboundFrame(new Envelope { TypingNotice = notice }));
        }

        return null;
    }
}
