using System.Collections.Concurrent;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Time.Testing;
using Relink.Client.Model;
using Relink.Client.Tests.Fakes;
using Relink.Protocol.Messages;
using Relink.Testing;
using Wire = Relink.Protocol.Messages;

namespace Relink.Client.Tests;

/// <summary>Presence in the SDK: the login answer's friend presence, then pushes, as events and <see cref="RelinkClient.PresenceOf"/>.</summary>
public sealed class Presence_Tests
{
    private static readonly DateTimeOffset LastSeen = new(2026, 12, 6, 20, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_presence_push_raises_PresenceChanged_and_updates_PresenceOf()
    {
        await using var session = await LiveSession.StartAsync(new FakeTimeProvider());
        var changes = new ConcurrentQueue<FriendPresence>();
        session.Client.PresenceChanged += (_, change) => changes.Enqueue(change);
        session.Client.PresenceOf("bob").ShouldBeNull("not told yet");

        await session.Connection.SendAsync(new Envelope { Presence = new Wire.Presence { UserId = "bob", State = Wire.PresenceState.Offline, LastSeen = Timestamp.FromDateTimeOffset(LastSeen) } });
        await session.Connection.SendAsync(new Envelope { Presence = new Wire.Presence { UserId = "carol", State = Wire.PresenceState.Unspecified } });

        await Eventually.TrueAsync(() => changes.Count == 2, "two presence changes");
        changes.ShouldBe([new FriendPresence("bob", PresenceState.Offline, LastSeen), new FriendPresence("carol", PresenceState.Hidden, null)]);
        session.Client.PresenceOf("bob").ShouldBe(new FriendPresence("bob", PresenceState.Offline, LastSeen));
    }

    [Fact]
    public void The_login_answer_carries_each_friends_presence_and_the_users_own_choice()
    {
        var login = new LoginResponse { PresenceAudience = Wire.PresenceAudience.Nobody };
        login.FriendPresence.Add(new Wire.Presence { UserId = "bob", State = Wire.PresenceState.Online, LastSeen = Timestamp.FromDateTimeOffset(LastSeen) });

        var state = login.ToModel();

        state.FriendPresence.ShouldBe([new FriendPresence("bob", PresenceState.Online, null)], "last seen means nothing while online");
        state.PresenceAudience.ShouldBe(PresenceAudience.Nobody);
    }
}
