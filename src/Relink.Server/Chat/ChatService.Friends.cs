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
        var elsewhere = await presence.OnlineElsewhereAsync(ids);

        // The subject's own choice decides who sees them online, and a user who blocks the caller shows offline to
        // them (a block hides online state): one store query for the page's online users, not one per user.
        var online = page.Users
            .Where(u => SeesOnline(session.UserId, u.UserId, AudienceOf(audiences, u.UserId), friends.Contains(u.UserId), elsewhere))
            .Select(u => u.UserId)
            .ToHashSet(StringComparer.Ordinal);
        var blockers = await store.BlockersAmongAsync(session.UserId, online);

        var response = new SearchUsersResponse { HasMore = page.HasMore };
        foreach (var u in page.Users)
        {
            response.Users.Add(new UserSummary
            {
                Profile = ProtoMapping.Profile(u),
                IsFriend = friends.Contains(u.UserId),
                Online = online.Contains(u.UserId) && !blockers.Contains(u.UserId),
            });
        }

        return new Envelope { SearchUsersOk = response };
    }

    /// <summary>
    /// The one-step add of older clients, kept working as a friend request without a note: friends at once when they
    /// were already or the other side had asked first, else a pending request (<see cref="AddFriendResponse.Pending"/>).
    /// </summary>
    public async Task<Envelope> AddFriendAsync(Session session, AddFriendRequest request)
    {
        var (state, user) = await RequestFriendshipAsync(session, request.UserId, note: "");
        return new Envelope { AddFriendOk = new AddFriendResponse { Friend = ProtoMapping.Profile(user), Pending = state == FriendRequestState.Pending } };
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
