using Relink.Protocol.Messages;
using Relink.Server.Access;
using Relink.Server.Diagnostics;
using Relink.Server.Configuration;
using Relink.Server.Security;
using Relink.Server.Sessions;
using Relink.Storage;

namespace Relink.Server.Chat;

/// <summary>
/// The chat rules: what each request may do, for whom, and who hears about it. Split into partial files by
/// feature (Accounts, Friends, Groups, Talks, Messages, Link). Every handler acts as <see cref="Session.UserId"/>,
/// the identity the login put on the session; none reads an identity from the request.
/// </summary>
public sealed partial class ChatService(
    IChatStore store,
    IConversationAccess access,
    SessionRegistry sessions,
    PasswordHashing passwords,
    ResumeTokens resumeTokens,
    AccessTokens accessTokens,
    Limits.LoginThrottle loginThrottle,
    Limits.FriendRequestThrottle friendRequestThrottle,
    Limits.ConnectionAdmission admission,
    RelinkServerOptions options,
    RelinkMetrics metrics,
    TimeProvider time,
    ILogger<ChatService> logger,
    DeliveryCursorBuffer heldCursors,
    Receipts.ReadSignals readSignals,
    Presence.PresenceTracker presence)
{
    private DateTimeOffset Now => time.GetUtcNow();

    /// <summary>
    /// The canonical conversation id for a peer the caller names, after <see cref="IConversationAccess"/> says the
    /// caller may use it. Non-friends, unknown users and unknown groups all get the same FORBIDDEN, so the answer
    /// does not reveal who or what exists.
    /// </summary>
    private async ValueTask<string> AuthorizeConversationAsync(Session session, Peer peer) // ValueTask: the cache answers at once, and every send asks
    {
        string conversationId = ProtoMapping.ConversationOf(peer, session.UserId);
        if (!await access.MayUseAsync(session.UserId, conversationId))
        {
            throw peer.Kind == Protocol.Messages.ConversationKind.Group
                ? NotAMember()
                : RequestException.Forbidden("You can only talk with your friends.");
        }

        return conversationId;
    }

    private static RequestException NotAMember() => RequestException.Forbidden("You are not a member of that group.");

    private async Task<UserRecord> RequireUserAsync(string userId)
    {
        return await store.FindUserAsync(userId) ?? throw RequestException.NotFound($"No user '{userId}'.");
    }

    private async Task<GroupRecord> RequireGroupAsync(string groupId)
    {
        return await store.FindGroupAsync(groupId) ?? throw RequestException.NotFound($"No group '{groupId}'.");
    }
}
