using System.Collections.Concurrent;
using Relink.Client.Model;
using Relink.Protocol.Messages;
using Wire = Relink.Protocol.Messages;

namespace Relink.Client;

public sealed partial class RelinkClient
{
    private readonly ConcurrentDictionary<string, FriendPresence> _presence = new(StringComparer.Ordinal);

    /// <summary>
    /// Raised when a friend's presence changes as this user sees it: they came online (their first device), went
    /// offline (their last device has been gone for the server's dead-link timeout plus a grace, so a friend whose
    /// link flaps and resumes raises nothing), became a friend, or changed who may see it.
    /// </summary>
    public event EventHandler<FriendPresence>? PresenceChanged;

    /// <summary>
    /// A friend's presence as last told by the server (at login or resume, then by <see cref="PresenceChanged"/>),
    /// or null for a user this session has not been told about.
    /// </summary>
    public FriendPresence? PresenceOf(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        return _presence.GetValueOrDefault(userId);
    }

    /// <summary>
    /// Chooses who may see this user's presence (stored by the server, for every device). Friends whose view of
    /// this user changes are told at once.
    /// </summary>
    /// <returns>The choice now in force.</returns>
    public Task<PresenceAudience> SetPresenceAudienceAsync(PresenceAudience audience, CancellationToken cancellationToken = default)
    {
        if (audience is not (PresenceAudience.Everyone or PresenceAudience.Friends or PresenceAudience.Nobody))
        {
            throw new ArgumentOutOfRangeException(nameof(audience), audience, "Everyone, Friends or Nobody.");
        }

        var request = new Envelope { SetPresenceAudience = new SetPresenceAudienceRequest { Audience = (Wire.PresenceAudience)(int)audience } };
        return RequestAsync(request, Envelope.BodyOneofCase.SetPresenceAudienceOk, a => (PresenceAudience)(int)a.SetPresenceAudienceOk.Audience, cancellationToken);
    }

    // A login or resume answer carries every friend's presence: it replaces what the last session was told.
    private void ResetPresence(SessionState session)
    {
        _presence.Clear();
        foreach (var friend in session.FriendPresence)
        {
            _presence[friend.UserId] = friend;
        }
    }

    private void OnPresence(Wire.Presence presence)
    {
        var friend = presence.ToModel();
        _presence[friend.UserId] = friend;
        Raise(nameof(PresenceChanged), PresenceChanged, friend);
    }
}
