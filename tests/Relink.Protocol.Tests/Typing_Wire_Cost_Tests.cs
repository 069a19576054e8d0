using Relink.Protocol.Messages;

namespace Relink.Protocol.Tests;

/// <summary>What a typing signal costs on the wire, as docs/protocol.md states it (5-character ids and nickname).</summary>
public sealed class Typing_Wire_Cost_Tests
{
    [Fact]
    public void A_typing_request_is_18_bytes_and_its_notice_33_bytes_plus_the_4_byte_frame_header()
    {
        var request = new Envelope { RequestId = 12, Typing = new TypingRequest { To = new Peer { Kind = ConversationKind.Direct, Id = "alice" }, State = TypingState.Typing } };
        var notice = new Envelope
        {
            TypingNotice = new TypingNotice { Peer = new Peer { Kind = ConversationKind.Direct, Id = "carol" }, UserId = "carol", Nickname = "Carol", State = TypingState.Typing, TtlMs = 6000 },
        };

        request.CalculateSize().ShouldBe(18);
        notice.CalculateSize().ShouldBe(33);
        FrameWriter.ToFrameBytes(notice).Length.ShouldBe(37);
    }
}
