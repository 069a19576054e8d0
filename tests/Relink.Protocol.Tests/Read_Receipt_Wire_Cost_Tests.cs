using Relink.Protocol.Messages;

namespace Relink.Protocol.Tests;

/// <summary>What read receipts and read sync cost on the wire, as docs/protocol.md states it (5-character user ids, seq 42).</summary>
public sealed class Read_Receipt_Wire_Cost_Tests
{
    private static Peer Direct(string id) => new() { Kind = ConversationKind.Direct, Id = id };

    [Fact]
    public void A_one_to_one_read_notice_is_25_bytes_plus_the_4_byte_frame_header()
    {
        var notice = new Envelope { ReadNotice = new ReadNotice { Peer = Direct("carol"), UserId = "carol", ReadSeq = 42, DeliveredSeq = 42 } };

        notice.CalculateSize().ShouldBe(25);
        FrameWriter.ToFrameBytes(notice).Length.ShouldBe(29);
    }

    [Fact]
    public void A_group_read_notice_is_19_bytes_and_a_read_sync_31()
    {
        var group = new Envelope { ReadNotice = new ReadNotice { Peer = new Peer { Kind = ConversationKind.Group, Id = "7" }, UserId = "carol", ReadSeq = 42 } };
        var sync = new Envelope { ReadSync = new ReadSyncNotice { Peer = Direct("alice"), ConversationId = "d:alice:carol", ReadSeq = 42 } };

        group.CalculateSize().ShouldBe(19);
        sync.CalculateSize().ShouldBe(31);
    }
}
