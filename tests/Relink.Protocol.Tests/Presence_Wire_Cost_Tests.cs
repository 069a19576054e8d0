using Google.Protobuf.WellKnownTypes;
using Relink.Protocol.Messages;

namespace Relink.Protocol.Tests;

/// <summary>What presence costs on the wire, as docs/protocol.md states it (5-character user ids, last seen in whole seconds).</summary>
public sealed class Presence_Wire_Cost_Tests
{
    [Fact]
    public void An_online_push_is_12_bytes_an_offline_one_with_last_seen_20_and_a_choice_7_plus_the_4_byte_frame_header()
    {
        var online = new Envelope { Presence = new Presence { UserId = "carol", State = PresenceState.Online } };
        var offline = new Envelope
        {
            Presence = new Presence { UserId = "carol", State = PresenceState.Offline, LastSeen = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 12, 6, 21, 0, 0, TimeSpan.Zero)) },
        };
        var choice = new Envelope { RequestId = 12, SetPresenceAudience = new SetPresenceAudienceRequest { Audience = PresenceAudience.Nobody } };

        online.CalculateSize().ShouldBe(12);
        offline.CalculateSize().ShouldBe(20);
        choice.CalculateSize().ShouldBe(7);
        FrameWriter.ToFrameBytes(online).Length.ShouldBe(16);
    }
}
