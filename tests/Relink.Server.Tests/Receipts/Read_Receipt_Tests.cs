using Microsoft.Extensions.Time.Testing;
using Relink.Protocol.Messages;
using Relink.Testing.Server;
using Body = Relink.Protocol.Messages.Envelope.BodyOneofCase;

namespace Relink.Server.Tests.Receipts;

/// <summary>
/// Read receipts and read sync over the raw protocol: who hears about a read or a delivery (the 1:1 friend, the
/// group's members, the reader's other devices), what the setting hides both ways, and that only participants may
/// ask who read. The server's clock is moved by hand, so coalescing is exact. A push that must not come is proved
/// absent by a marker message sent after it, which arrives in order on the same link.
/// </summary>
public sealed class Read_Receipt_Tests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private TestServer _server = null!;

    private int Port => _server.TcpPort;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(["--multi-device", "--read-notice-interval", "1s"], _time);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static Envelope MarkRead(Peer peer, long seq) => new() { MarkRead = new MarkReadRequest { Peer = peer, Seq = seq } };

    private static Envelope Readers(Peer peer, long seq) => new() { ListReaders = new ListReadersRequest { Peer = peer, Seq = seq } };

    private static Envelope Positions(Peer peer) => new() { ReadPositions = new ReadPositionsRequest { Peer = peer } };

    private static Envelope SetReceipts(bool enabled) => new() { ReadReceipts = new ReadReceiptsRequest { Enabled = enabled } };

    private static Task<Envelope> NextReadOrMessageAsync(LoggedIn user) =>
        user.Client.ReceiveAsync(e => e.RequestId == 0 && e.BodyCase is Body.ReadNotice or Body.ReadSync or Body.Message, "read notice, read sync or message");

    /// <summary>Sends a marker from <paramref name="from"/> and proves <paramref name="to"/> got no read push before it.</summary>
    private static async Task NothingBeforeMarkerAsync(LoggedIn from, LoggedIn to, Peer toPeer, string because)
    {
        await from.SendTextAsync(toPeer, "marker");
        (await NextReadOrMessageAsync(to)).BodyCase.ShouldBe(Body.Message, because);
    }

    private async Task<(LoggedIn Ann, LoggedIn Bob)> FriendsAsync()
    {
        var ann = await Users.NewAsync(Port, Users.Unique("ra"));
        var bob = await Users.NewAsync(Port, Users.Unique("rb"));
        await Users.BefriendAsync(ann, bob);
        return (ann, bob);
    }

    private static async Task<string> SendManyAsync(LoggedIn from, Peer to, int count)
    {
        string conversation = "";
        for (int i = 1; i <= count; i++)
        {
            conversation = (await from.SendTextAsync(to, $"m{i}")).SendMessageOk.Message.ConversationId;
        }

        return conversation;
    }

    private static async Task DrainMessagesAsync(LoggedIn user, int count)
    {
        for (int i = 0; i < count; i++)
        {
            await user.Client.NextPushAsync(Body.Message);
        }
    }

    [Fact]
    public async Task In_a_one_to_one_the_sender_sees_delivered_then_read_and_the_reader_s_other_device_syncs()
    {
        var (ann, bob) = await FriendsAsync();
        await using var _ = ann;
        await using var __ = bob;
        await using var bobLaptop = await Users.LoginAsync(Port, bob.UserId, device: "laptop");
        string conversation = await SendManyAsync(ann, bob.Direct, 2);
        await DrainMessagesAsync(bob, 2);
        await DrainMessagesAsync(bobLaptop, 2);

        await bob.Client.SendAsync(new Envelope { RequestId = 900, Ack = new AckRequest { Cursors = { new ConversationCursor { ConversationId = conversation, Seq = 2 } } } });
        var delivered = (await ann.Client.NextPushAsync(Body.ReadNotice)).ReadNotice;
        delivered.Peer.ShouldBe(bob.Direct, "the conversation as ann sees it");
        delivered.UserId.ShouldBe(bob.UserId);
        delivered.DeliveredSeq.ShouldBe(2);
        delivered.ReadSeq.ShouldBe(0, "not read yet");

        _time.Advance(TimeSpan.FromSeconds(1));
        (await bob.Client.RequestAsync(MarkRead(ann.Direct, 2))).MarkReadOk.Unread.ShouldBe(0);

        var read = (await ann.Client.NextPushAsync(Body.ReadNotice)).ReadNotice;
        (read.ReadSeq, read.DeliveredSeq).ShouldBe((2L, 2L));
        var sync = (await bobLaptop.Client.NextPushAsync(Body.ReadSync)).ReadSync;
        sync.Peer.ShouldBe(ann.Direct);
        sync.ConversationId.ShouldBe(conversation);
        (sync.ReadSeq, sync.Unread).ShouldBe((2L, 0));
        await NothingBeforeMarkerAsync(ann, bob, bob.Direct, "the device that read gets no sync of its own read");
    }

    [Fact]
    public async Task A_fast_reader_costs_one_push_per_interval_carrying_the_newest_position()
    {
        var (ann, bob) = await FriendsAsync();
        await using var _ = ann;
        await using var __ = bob;
        await using var bobLaptop = await Users.LoginAsync(Port, bob.UserId, device: "laptop");
        await SendManyAsync(ann, bob.Direct, 4);

        await bob.Client.RequestAsync(MarkRead(ann.Direct, 1));
        (await NextReadOrMessageAsync(ann)).ReadNotice.ReadSeq.ShouldBe(1, "the first move after a quiet interval goes at once");
        await bob.Client.RequestAsync(MarkRead(ann.Direct, 2));
        await bob.Client.RequestAsync(MarkRead(ann.Direct, 3));
        await bob.Client.RequestAsync(MarkRead(ann.Direct, 1)); // backwards: no move
        await NothingBeforeMarkerAsync(bob, ann, ann.Direct, "moves within the interval wait");

        _time.Advance(TimeSpan.FromSeconds(1));

        (await NextReadOrMessageAsync(ann)).ReadNotice.ReadSeq.ShouldBe(3, "one push with the newest position");
        await NothingBeforeMarkerAsync(bob, ann, ann.Direct, "and only one");
        await bobLaptop.Client.ReceiveAsync(e => e.ReadSync?.ReadSeq == 1, "sync to 1");
        await bobLaptop.Client.ReceiveAsync(e => e.ReadSync?.ReadSeq == 3, "sync to 3");
    }

    [Fact]
    public async Task Receipts_off_hides_the_user_s_reads_from_others_and_others_reads_from_them_but_read_sync_stays()
    {
        var (ann, bob) = await FriendsAsync();
        await using var _ = ann;
        await using var __ = bob;
        await using var bobLaptop = await Users.LoginAsync(Port, bob.UserId, device: "laptop");
        (await bob.Client.RequestAsync(SetReceipts(false))).ReadReceiptsOk.Enabled.ShouldBeFalse();
        (await bobLaptop.Client.NextPushAsync(Body.ReadReceiptsChanged)).ReadReceiptsChanged.Enabled.ShouldBeFalse("bob's other device follows the setting");
        await SendManyAsync(ann, bob.Direct, 1);
        await DrainMessagesAsync(bob, 1);

        await bob.Client.RequestAsync(MarkRead(ann.Direct, 1));
        (await bobLaptop.Client.NextPushAsync(Body.ReadSync)).ReadSync.ReadSeq.ShouldBe(1, "read sync is no receipt: it stays");
        await NothingBeforeMarkerAsync(bob, ann, ann.Direct, "ann is not told that bob read");
        (await ann.Client.RequestAsync(MarkRead(bob.Direct, 2))).MarkReadOk.Unread.ShouldBe(0);
        await NothingBeforeMarkerAsync(ann, bob, bob.Direct, "bob is not told that ann read");
        (await ann.Client.RequestAsync(Positions(bob.Direct))).ReadPositionsOk.Positions.ShouldBeEmpty();
        var bobsView = (await bob.Client.RequestAsync(Positions(ann.Direct))).ReadPositionsOk;
        bobsView.ReceiptsOff.ShouldBeTrue();
        bobsView.Positions.ShouldBeEmpty();
    }

    [Fact]
    public async Task Turning_receipts_back_on_shares_reads_again_and_the_setting_outlives_the_session()
    {
        var (ann, bob) = await FriendsAsync();
        await using var _ = ann;
        await using var __ = bob;
        await bob.Client.RequestAsync(SetReceipts(false));
        await using (var again = await Users.LoginAsync(Port, bob.UserId, device: "tablet"))
        {
            (await again.Client.RequestAsync(new Envelope { ReadReceipts = new ReadReceiptsRequest() })).ReadReceiptsOk.Enabled
                .ShouldBeFalse("a request without enabled reads the stored setting");
        }

        (await bob.Client.RequestAsync(SetReceipts(true))).ReadReceiptsOk.Enabled.ShouldBeTrue();
        await SendManyAsync(ann, bob.Direct, 1);
        await bob.Client.RequestAsync(MarkRead(ann.Direct, 1));

        (await ann.Client.NextPushAsync(Body.ReadNotice)).ReadNotice.ReadSeq.ShouldBe(1);
        var positions = (await ann.Client.RequestAsync(Positions(bob.Direct))).ReadPositionsOk.Positions;
        positions.Select(p => (p.User.UserId, p.ReadSeq, p.DeliveredSeq)).ShouldBe([(bob.UserId, 1L, 1L)]);
    }

    [Fact]
    public async Task In_a_group_members_see_who_read_and_the_readers_list_leaves_out_receipts_off()
    {
        await using var ann = await Users.NewAsync(Port, Users.Unique("rg"));
        await using var bob = await Users.NewAsync(Port, Users.Unique("rh"));
        await using var cat = await Users.NewAsync(Port, Users.Unique("ri"));
        await using var dan = await Users.NewAsync(Port, Users.Unique("rj"));
        await Users.BefriendAsync(ann, bob);
        await Users.BefriendAsync(ann, cat);
        var create = new CreateGroupRequest { Name = "readers", MemberIds = { bob.UserId, cat.UserId } };
        var group = PeerOf.Group((await ann.Client.RequestAsync(new Envelope { CreateGroup = create })).GroupOk.Group.GroupId);
        await SendManyAsync(ann, group, 2);
        await DrainMessagesAsync(bob, 2);

        await bob.Client.RequestAsync(MarkRead(group, 2));
        foreach (var member in new[] { ann, cat })
        {
            var notice = (await member.Client.NextPushAsync(Body.ReadNotice)).ReadNotice;
            (notice.Peer, notice.UserId, notice.ReadSeq, notice.DeliveredSeq).ShouldBe((group, bob.UserId, 2L, 0L));
        }

        await cat.Client.RequestAsync(SetReceipts(false));
        await cat.Client.RequestAsync(MarkRead(group, 1));

        (await ann.Client.RequestAsync(Readers(group, 1))).ListReadersOk.Readers.Select(u => u.UserId).ShouldBe([bob.UserId], "cat turned receipts off");
        var catsView = (await cat.Client.RequestAsync(Readers(group, 1))).ListReadersOk;
        (catsView.ReceiptsOff, catsView.Readers.Count).ShouldBe((true, 0));
        (await bob.Client.RequestAsync(Readers(group, 1))).ListReadersOk.Readers.ShouldBeEmpty("ann sent them, and the caller is left out");
        await NothingBeforeMarkerAsync(ann, bob, group, "cat's read reaches no one");
    }

    [Fact]
    public async Task Only_participants_may_ask_who_read()
    {
        var (ann, bob) = await FriendsAsync();
        await using var _ = ann;
        await using var __ = bob;
        await using var eve = await Users.NewAsync(Port, Users.Unique("re"));
        var create = new CreateGroupRequest { Name = "private" };
        var group = PeerOf.Group((await ann.Client.RequestAsync(new Envelope { CreateGroup = create })).GroupOk.Group.GroupId);

        (await eve.Client.RequestAsync(Readers(group, 1))).Error.Code.ShouldBe(ErrorCode.Forbidden);
        (await eve.Client.RequestAsync(Positions(group))).Error.Code.ShouldBe(ErrorCode.Forbidden);
        (await eve.Client.RequestAsync(Positions(ann.Direct))).Error.Code.ShouldBe(ErrorCode.Forbidden, "not ann's friend");
        var invalid = (await ann.Client.RequestAsync(Readers(bob.Direct, 0))).Error;
        (invalid.Code, invalid.Field).ShouldBe((ErrorCode.InvalidArgument, "seq"));
    }

    [Fact]
    public async Task A_device_that_logs_in_after_a_read_elsewhere_has_the_badge_cleared()
    {
        var (ann, bob) = await FriendsAsync();
        await using var _ = ann;
        await using var __ = bob;
        await SendManyAsync(ann, bob.Direct, 3);
        await bob.Client.RequestAsync(MarkRead(ann.Direct, 3));

        await using var laptop = await Users.LoginAsync(Port, bob.UserId, device: "laptop");

        var talk = laptop.State.Talks.Single(t => t.Peer.Id == ann.UserId);
        (talk.ReadSeq, talk.Unread).ShouldBe((3L, 0));
    }
}
