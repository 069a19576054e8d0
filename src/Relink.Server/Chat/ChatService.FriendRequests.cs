using Relink.Protocol.Messages;
using Relink.Server.Sessions;
using Relink.Storage;

namespace Relink.Server.Chat;

public sealed partial class ChatService
{
    private const int MaxFriendRequestNoteLength = 200;

    /// <summary>
    /// Asks a user for friendship (docs/protocol.md, "Friend requests and blocking"): idempotent, and a request
    /// crossing one from the other side makes the friendship. Rate-limited per user.
    /// </summary>
    public async Task<Envelope> RequestFriendAsync(Session session, RequestFriendRequest request)
    {
        string note = Validate.OptionalText(request.Note.Trim(), "note", MaxFriendRequestNoteLength);
        var (state, user) = await RequestFriendshipAsync(session, request.UserId, note);
        return new Envelope { RequestFriendOk = new RequestFriendResponse { State = state, User = ProtoMapping.Profile(user) } };
    }

    /// <summary>The caller's pending requests, both ways, and the users the caller blocks.</summary>
    public async Task<Envelope> ListFriendRequestsAsync(Session session)
    {
        var response = new ListFriendRequestsResponse();
        await AddContactStateAsync(session.UserId, response.Requests, response.Blocked);
        return new Envelope { ListFriendRequestsOk = response };
    }

    /// <summary>
    /// Accepts a pending request to the caller: both become friends, and every device of both hears it
    /// (friend_added). Accepting again once friends answers the same.
    /// </summary>
    public async Task<Envelope> AcceptFriendAsync(Session session, AnswerFriendRequest request)
    {
        var requester = await RequireOtherUserAsync(session, request.UserId);
        if (await ChangeFriendshipAsync(session.UserId, requester.UserId, store.AcceptFriendRequestAsync(session.UserId, requester.UserId, Now)))
        {
            await PublishFriendshipAsync(session, requester);
        }
        else if (!await store.AreFriendsAsync(session.UserId, requester.UserId))
        {
            throw RequestException.NotFound($"No pending request from '{requester.UserId}'.");
        }

        return new Envelope { AcceptFriendOk = new AddFriendResponse { Friend = ProtoMapping.Profile(requester) } };
    }

    /// <summary>Declines a pending request to the caller. The requester is not told; the caller's other devices are.</summary>
    public async Task<Envelope> DeclineFriendAsync(Session session, AnswerFriendRequest request)
    {
        var requester = await RequireOtherUserAsync(session, request.UserId);
        bool changed = await store.DeleteFriendRequestAsync(requester.UserId, session.UserId);
        if (changed)
        {
            PublishRequestChange(session.UserId, Request(requester, incoming: true), FriendRequestChange.Declined, except: session);
        }

        return new Envelope { DeclineFriendOk = Changed(requester, changed) };
    }

    /// <summary>Takes back the caller's pending request; it goes from the addressee's list (unless they block the caller, when they never saw it).</summary>
    public async Task<Envelope> CancelFriendRequestAsync(Session session, AnswerFriendRequest request)
    {
        var addressee = await RequireOtherUserAsync(session, request.UserId);
        bool changed = await store.DeleteFriendRequestAsync(session.UserId, addressee.UserId);
        if (changed)
        {
            PublishRequestChange(session.UserId, Request(addressee, incoming: false), FriendRequestChange.Cancelled, except: session);
            if (!await store.IsBlockedAsync(addressee.UserId, session.UserId))
            {
                PublishRequestChange(addressee.UserId, Request(session.User!, incoming: true), FriendRequestChange.Cancelled);
            }
        }

        return new Envelope { CancelFriendRequestOk = Changed(addressee, changed) };
    }

    /// <summary>Ends a friendship; both sides hear it (friend_removed). The conversation's history stays.</summary>
    public async Task<Envelope> RemoveFriendAsync(Session session, AnswerFriendRequest request)
    {
        var friend = await RequireOtherUserAsync(session, request.UserId);
        bool changed = await ChangeFriendshipAsync(session.UserId, friend.UserId, store.RemoveFriendshipAsync(session.UserId, friend.UserId));
        if (changed)
        {
            PublishFriendRemoved(session, friend);
        }

        return new Envelope { RemoveFriendOk = Changed(friend, changed) };
    }

    /// <summary>
    /// Blocks a user: a friendship ends (the blocked side sees what a removal shows, nothing more), pending requests
    /// go, and their later requests never reach the caller. The caller's other devices hear it (block_changed).
    /// </summary>
    public async Task<Envelope> BlockUserAsync(Session session, AnswerFriendRequest request)
    {
        var blocked = await RequireOtherUserAsync(session, request.UserId);
        var result = await ChangeFriendshipAsync(session.UserId, blocked.UserId, store.BlockUserAsync(session.UserId, blocked.UserId, Now));
        if (result.FriendshipEnded)
        {
            PublishFriendRemoved(session, blocked);
        }

        if (result.NewlyBlocked)
        {
            PublishBlockChange(session, blocked, isBlocked: true);
        }

        return new Envelope { BlockUserOk = Changed(blocked, result.NewlyBlocked) };
    }

    /// <summary>Lifts a block; the blocked side is not told. Requests made while it stood are gone.</summary>
    public async Task<Envelope> UnblockUserAsync(Session session, AnswerFriendRequest request)
    {
        var blocked = await RequireOtherUserAsync(session, request.UserId);
        bool changed = await ChangeFriendshipAsync(session.UserId, blocked.UserId, store.UnblockUserAsync(session.UserId, blocked.UserId));
        if (changed)
        {
            PublishBlockChange(session, blocked, isBlocked: false);
        }

        return new Envelope { UnblockUserOk = Changed(blocked, changed) };
    }

    /// <summary>
    /// The request of request_friend and add_friend: the addressee found whatever the case of the id, one token of
    /// the caller's request budget, the store's atomic decision, and the pushes it calls for.
    /// </summary>
    private async Task<(FriendRequestState State, UserRecord User)> RequestFriendshipAsync(Session session, string userId, string note)
    {
        var user = await RequireOtherUserAsync(session, userId);
        if (!friendRequestThrottle.TryRequest(session.UserId))
        {
            throw new RequestException(ErrorCode.RateLimited, $"Too many friend requests: at most {options.Limits.FriendRequestsPerHour} an hour after a burst of {options.Limits.FriendRequestBurst}.");
        }

        var outcome = await ChangeFriendshipAsync(session.UserId, user.UserId, store.RequestFriendshipAsync(session.UserId, user.UserId, note, Now));
        switch (outcome)
        {
            case FriendRequestOutcome.RequesterBlocks:
                throw new RequestException(ErrorCode.UserBlocked, $"You block '{user.UserId}'; unblock them first.");
            case FriendRequestOutcome.BecameFriends:
                await PublishFriendshipAsync(session, user);
                return (FriendRequestState.Friends, user);
            case FriendRequestOutcome.AlreadyFriends:
                return (FriendRequestState.Friends, user);
            case FriendRequestOutcome.Requested:
                PublishRequestChange(user.UserId, Request(session.User!, incoming: true, note), FriendRequestChange.Received);
                PublishRequestChange(session.UserId, Request(user, incoming: false, note), FriendRequestChange.Received, except: session);
                return (FriendRequestState.Pending, user);
            case FriendRequestOutcome.Hidden:
                // The addressee blocks the caller: it is the caller's pending request, and only the caller hears of it.
                PublishRequestChange(session.UserId, Request(user, incoming: false, note), FriendRequestChange.Received, except: session);
                return (FriendRequestState.Pending, user);
            default:
                return (FriendRequestState.Pending, user);
        }
    }

    /// <summary>Adds the user's pending requests and blocked users to a login answer or a list answer.</summary>
    private async Task AddContactStateAsync(string userId, Google.Protobuf.Collections.RepeatedField<FriendRequest> requests, Google.Protobuf.Collections.RepeatedField<UserProfile> blocked) =>
        AddContactState(userId, await store.ListFriendRequestsAsync(userId), await store.ListBlockedAsync(userId), requests, blocked);

    /// <summary>Adds <paramref name="pendingRequests"/> and <paramref name="blockedUsers"/>, as read from the store, to an answer.</summary>
    private static void AddContactState(
        string userId, IReadOnlyList<FriendRequestRecord> pendingRequests, IReadOnlyList<UserRecord> blockedUsers,
        Google.Protobuf.Collections.RepeatedField<FriendRequest> requests, Google.Protobuf.Collections.RepeatedField<UserProfile> blocked)
    {
        foreach (var pending in pendingRequests)
        {
            bool incoming = pending.To.UserId == userId;
            requests.Add(new FriendRequest
            {
                User = ProtoMapping.Profile(incoming ? pending.From : pending.To),
                Incoming = incoming,
                Note = pending.Note,
                SentAt = ProtoMapping.Time(pending.SentAt),
            });
        }

        foreach (var user in blockedUsers)
        {
            blocked.Add(ProtoMapping.Profile(user));
        }
    }

    /// <summary>The other user a friend request names, as stored (found whatever the case); not the caller.</summary>
    private async Task<UserRecord> RequireOtherUserAsync(Session session, string userId)
    {
        var user = await RequireUserAsync(Validate.UserId(userId, "user_id"));
        if (user.UserId == session.UserId)
        {
            throw RequestException.Invalid("user_id", "That is you.");
        }

        return user;
    }

    private FriendRequest Request(UserRecord other, bool incoming, string note = "") =>
        new() { User = ProtoMapping.Profile(other), Incoming = incoming, Note = note, SentAt = ProtoMapping.Time(Now) };

    private static FriendChangeResponse Changed(UserRecord user, bool changed) =>
        new() { User = ProtoMapping.Profile(user), Changed = changed };

    /// <summary>A friendship was made: every device of both sides hears it, but the session that made it.</summary>
    private async Task PublishFriendshipAsync(Session session, UserRecord friend)
    {
        sessions.PublishToUser(friend.UserId, new OutboundFrame(new Envelope { FriendAdded = new FriendAddedNotice { Friend = ProtoMapping.Profile(session.User!) } }));
        sessions.PublishToUser(session.UserId, new OutboundFrame(new Envelope { FriendAdded = new FriendAddedNotice { Friend = ProtoMapping.Profile(friend) } }), except: session);
        await ShowPresenceToNewFriendsAsync(session.UserId, friend.UserId);
    }

    private void PublishFriendRemoved(Session session, UserRecord other)
    {
        sessions.PublishToUser(other.UserId, new OutboundFrame(new Envelope { FriendRemoved = new FriendRemovedNotice { User = ProtoMapping.Profile(session.User!) } }));
        sessions.PublishToUser(session.UserId, new OutboundFrame(new Envelope { FriendRemoved = new FriendRemovedNotice { User = ProtoMapping.Profile(other) } }), except: session);
    }

    private void PublishRequestChange(string userId, FriendRequest request, FriendRequestChange change, Session? except = null) =>
        sessions.PublishToUser(userId, new OutboundFrame(new Envelope { FriendRequest = new FriendRequestNotice { Request = request, Change = change } }), except: except);

    private void PublishBlockChange(Session session, UserRecord user, bool isBlocked) =>
        sessions.PublishToUser(session.UserId, new OutboundFrame(new Envelope { BlockChanged = new BlockChangedNotice { User = ProtoMapping.Profile(user), Blocked = isBlocked } }), except: session);
}
