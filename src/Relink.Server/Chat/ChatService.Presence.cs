using Relink.Protocol.Messages;
using Relink.Server.Presence;
using Relink.Server.Sessions;
using Relink.Storage;
using WirePresence = Relink.Protocol.Messages.Presence;

namespace Relink.Server.Chat;

public sealed partial class ChatService
{
    /// <summary>
    /// Stores who may see the caller's presence (everyone, friends, nobody) and tells the friends whose view of the
    /// caller changes: they get the caller's state, or UNSPECIFIED when they may no longer see it.
    /// </summary>
    public async Task<Envelope> SetPresenceAudienceAsync(Session session, SetPresenceAudienceRequest request)
    {
        var audience = request.Audience switch
        {
            Protocol.Messages.PresenceAudience.Everyone => Storage.PresenceAudience.Everyone,
            Protocol.Messages.PresenceAudience.Friends => Storage.PresenceAudience.Friends,
            Protocol.Messages.PresenceAudience.Nobody => Storage.PresenceAudience.Nobody,
            _ => throw RequestException.Invalid("audience", "audience must be EVERYONE, FRIENDS or NOBODY."),
        };
        await store.SetPresenceAudienceAsync(session.UserId, audience);
        var friends = await store.ListFriendsAsync(session.UserId);
        presence.AudienceChanged(session.UserId, audience, friends.Select(f => f.UserId));
        return new Envelope { SetPresenceAudienceOk = new SetPresenceAudienceResponse { Audience = request.Audience } };
    }

    /// <summary>
    /// Puts the friends' presence and the user's own choice into a login or resume answer, then counts the session
    /// as one of the user's devices (a one-shot errand is not: it would make the user flicker online).
    /// </summary>
    /// <param name="state">The answer.</param>
    /// <param name="session">The session it answers.</param>
    /// <param name="friends">The user's friends.</param>
    /// <param name="audiences">The presence choices of the friends and the user (<see cref="SessionStateRecord.PresenceAudiences"/>).</param>
    private void AddPresence(LoginResponse state, Session session, IReadOnlyList<UserRecord> friends, IReadOnlyDictionary<string, Storage.PresenceAudience> audiences)
    {
        string me = session.UserId;
        // Node-local on purpose: a store read more here would widen the window in which a login racing on another
        // node kicks this one before it is answered. list_friends and search ask the session directory.
        state.FriendPresence.AddRange(friends.Select(f => PresenceFor(me, f.UserId, AudienceOf(audiences, f.UserId), areFriends: true)));
        var own = AudienceOf(audiences, me);
        state.PresenceAudience = (Protocol.Messages.PresenceAudience)(int)own;
        if (!session.OneShot)
        {
            presence.Arrived(session, own, friends.Select(f => f.UserId));
        }
    }

    /// <summary>The presence of each of <paramref name="friends"/> as <paramref name="viewerId"/> may see it, same order.</summary>
    private async Task<IEnumerable<WirePresence>> FriendPresenceAsync(string viewerId, IReadOnlyList<UserRecord> friends)
    {
        var audiences = await store.ListPresenceAudiencesAsync([.. friends.Select(f => f.UserId)]);
        var elsewhere = await presence.OnlineElsewhereAsync([.. friends.Select(f => f.UserId)]);
        return friends.Select(f => PresenceFor(viewerId, f.UserId, AudienceOf(audiences, f.UserId), areFriends: true, elsewhere));
    }

    /// <summary>Two users just became friends: each is shown the other's presence, as the other allows.</summary>
    private async Task ShowPresenceToNewFriendsAsync(string userA, string userB)
    {
        var audiences = await store.ListPresenceAudiencesAsync([userA, userB]);
        var elsewhere = await presence.OnlineElsewhereAsync([userA, userB]);
        presence.ShowTo(userA, PresenceFor(userA, userB, AudienceOf(audiences, userB), areFriends: true, elsewhere));
        presence.ShowTo(userB, PresenceFor(userB, userA, AudienceOf(audiences, userA), areFriends: true, elsewhere));
    }

    /// <summary>Whether the viewer sees the subject online: only when the subject's choice lets the viewer see it at all.</summary>
    /// <remarks><paramref name="elsewhere"/>: users online through another node (<see cref="Presence.PresenceTracker.OnlineElsewhereAsync"/>).</remarks>
    private bool SeesOnline(string viewerId, string subjectId, Storage.PresenceAudience audience, bool areFriends, IReadOnlySet<string>? elsewhere = null) =>
        PresenceRules.MaySee(viewerId, subjectId, audience, areFriends) && (presence.IsOnline(subjectId) || elsewhere?.Contains(subjectId) == true);

    private WirePresence PresenceFor(string viewerId, string subjectId, Storage.PresenceAudience audience, bool areFriends, IReadOnlySet<string>? elsewhere = null)
    {
        if (!PresenceRules.MaySee(viewerId, subjectId, audience, areFriends))
        {
            return new WirePresence { UserId = subjectId, State = PresenceState.Unspecified };
        }

        var (online, lastSeen) = presence.StateOf(subjectId);
        online |= elsewhere?.Contains(subjectId) == true;
        return new WirePresence
        {
            UserId = subjectId,
            State = online ? PresenceState.Online : PresenceState.Offline,
            LastSeen = online || lastSeen is not { } seen ? null : ProtoMapping.Time(seen),
        };
    }

    private static Storage.PresenceAudience AudienceOf(IReadOnlyDictionary<string, Storage.PresenceAudience> audiences, string userId) =>
        audiences.GetValueOrDefault(userId, PresenceAudiences.Default);
}
