using Relink.Protocol.Messages;
using Relink.Server.Sessions;

namespace Relink.Server.Chat;

public sealed partial class ChatService
{
    private const int DefaultSearchLimit = 10;
    private const int MaxSearchLimit = 50;

    /// <summary>Users matching a key (id or nickname), or the newest users for an empty key ("people you may know").</summary>
    public async Task<Envelope> SearchUsersAsync(Session session, SearchUsersRequest request)
    {
        string key = Validate.OptionalText(request.Key.Trim(), "key", 64);
        int limit = Validate.Limit(request.Limit, DefaultSearchLimit, MaxSearchLimit);
        var page = await store.SearchUsersAsync(key, session.UserId, Math.Max(0, request.Offset), limit);
        var ids = page.Users.Select(u => u.UserId).ToList();
        var friends = await access.FriendsAmongAsync(session.UserId, ids);
        var audiences = await store.ListPresenceAudiencesAsync(ids);

        var response = new SearchUsersResponse { HasMore = page.HasMore };
        response.Users.AddRange(page.Users.Select(u => new UserSummary
        {
            Profile = ProtoMapping.Profile(u),
            IsFriend = friends.Contains(u.UserId),
            Online = SeesOnline(session.UserId, u.UserId, AudienceOf(audiences, u.UserId), friends.Contains(u.UserId)),
        }));
        return new Envelope { SearchUsersOk = response };
    }

    /// <summary>Makes two users friends at once, both ways, and tells both (every online device) about it.</summary>
    public async Task<Envelope> AddFriendAsync(Session session, AddFriendRequest request)
    {
        string me = session.UserId;
        string friendId = Validate.UserId(request.UserId, "user_id");
        if (friendId == me)
        {
            throw RequestException.Invalid("user_id", "You cannot add yourself as a friend.");
        }

        var friend = await RequireUserAsync(friendId);
        if (await store.AddFriendshipAsync(me, friendId, Now))
        {
            sessions.PublishToUser(friendId, new OutboundFrame(new Envelope { FriendAdded = new FriendAddedNotice { Friend = ProtoMapping.Profile(session.User!) } }));
            sessions.PublishToUser(me, new OutboundFrame(new Envelope { FriendAdded = new FriendAddedNotice { Friend = ProtoMapping.Profile(friend) } }), except: session);
            await ShowPresenceToNewFriendsAsync(me, friendId);
        }

        return new Envelope { AddFriendOk = new AddFriendResponse { Friend = ProtoMapping.Profile(friend) } };
    }

    /// <summary>The caller's friends, with the presence of each that the caller may see.</summary>
    public async Task<Envelope> ListFriendsAsync(Session session)
    {
        var response = new ListFriendsResponse();
        var friends = await store.ListFriendsAsync(session.UserId);
        response.Friends.AddRange(friends.Select(ProtoMapping.Profile));
        response.Presence.AddRange(await FriendPresenceAsync(session.UserId, friends));
        return new Envelope { ListFriendsOk = response };
    }
}
