using Relink.Protocol;
using Relink.Protocol.Messages;
using Body = Relink.Protocol.Messages.Envelope.BodyOneofCase;

namespace Relink.Server.Tests.Chat;

public sealed class Message_Tests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private int Port => fixture.Server.TcpPort;

    private async Task<(LoggedIn Ann, LoggedIn Bob)> FriendsAsync()
    {
        var ann = await Users.NewAsync(Port, Users.Unique("ma"));
        var bob = await Users.NewAsync(Port, Users.Unique("mb"));
        await Users.BefriendAsync(ann, bob);
        return (ann, bob);
    }

    [Fact]
    public async Task A_message_is_acked_with_server_id_seq_and_time_and_pushed_to_the_friend()
    {
        var (ann, bob) = await FriendsAsync();
        await using var _ = ann;
        await using var __ = bob;

        var ack = (await ann.SendTextAsync(bob.Direct, "hello bob", "c-1")).SendMessageOk;
        ack.Duplicate.ShouldBeFalse();
        ack.Message.Id.ShouldBeGreaterThan(0);
        ack.Message.Seq.ShouldBe(1);
        ack.Message.ClientMsgId.ShouldBe("c-1");
        ack.Message.Peer.Id.ShouldBe(bob.UserId);
        (ack.Message.SentAt.ToDateTimeOffset() - DateTimeOffset.UtcNow).Duration().ShouldBeLessThan(TimeSpan.FromMinutes(1));

        var push = (await bob.Client.NextPushAsync(Body.Message)).Message.Message;
        push.Id.ShouldBe(ack.Message.Id);
        push.Text.ShouldBe("hello bob");
        push.Sender.UserId.ShouldBe(ann.UserId);
        push.Peer.Id.ShouldBe(ann.UserId); // the conversation as bob sees it
        push.ConversationId.ShouldBe(ack.Message.ConversationId);
    }

    [Fact]
    public async Task Sequence_numbers_count_up_without_gaps_for_both_senders()
    {
        var (ann, bob) = await FriendsAsync();
        await using var _ = ann;
        await using var __ = bob;

        var seqs = new List<long>();
        for (int i = 0; i < 5; i++)
        {
            seqs.Add((await ann.SendTextAsync(bob.Direct, $"a{i}")).SendMessageOk.Message.Seq);
            seqs.Add((await bob.SendTextAsync(ann.Direct, $"b{i}")).SendMessageOk.Message.Seq);
        }

        seqs.ShouldBe(Enumerable.Range(1, 10).Select(i => (long)i));
    }

    [Fact]
    public async Task A_retried_send_with_the_same_client_id_is_stored_once_and_gets_the_original_ack()
    {
        var (ann, bob) = await FriendsAsync();
        await using var _ = ann;
        await using var __ = bob;

        var first = (await ann.SendTextAsync(bob.Direct, "once", "same-id")).SendMessageOk;
        var retry = (await ann.SendTextAsync(bob.Direct, "once", "same-id")).SendMessageOk;

        retry.Duplicate.ShouldBeTrue();
        retry.Message.Id.ShouldBe(first.Message.Id);
        retry.Message.Seq.ShouldBe(first.Message.Seq);
        var history = (await ann.Client.RequestAsync(new Envelope { History = new HistoryRequest { Peer = bob.Direct } })).HistoryOk;
        history.Messages.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Sending_to_a_non_friend_is_refused_and_nothing_is_stored()
    {
        await using var ann = await Users.NewAsync(Port, Users.Unique("mc"));
        await using var eve = await Users.NewAsync(Port, Users.Unique("me"));

        var refused = await ann.SendTextAsync(eve.Direct, "spam");
        refused.Error.Code.ShouldBe(ErrorCode.Forbidden);
        var toNobody = await ann.SendTextAsync(PeerOf.User(Users.Unique("nobody")), "hello?");
        toNobody.Error.Code.ShouldBe(ErrorCode.Forbidden);
        var toSelf = await ann.SendTextAsync(ann.Direct, "me");
        toSelf.Error.Code.ShouldBe(ErrorCode.Forbidden);

        var eveTalks = (await eve.Client.RequestAsync(new Envelope { ListTalks = new ListTalksRequest() })).ListTalksOk.Talks;
        eveTalks.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(MessageType.Text, "")]
    [InlineData(MessageType.Text, "   ")]
    [InlineData(MessageType.Emoji, "<b>")]
    [InlineData(MessageType.Unspecified, "x")]
    public async Task Invalid_content_is_refused(MessageType type, string text)
    {
        var (ann, bob) = await FriendsAsync();
        await using var _ = ann;
        await using var __ = bob;
        var answer = await ann.Client.RequestAsync(new Envelope
        {
            SendMessage = new SendMessageRequest { ClientMsgId = "x", To = bob.Direct, Type = type, Text = text },
        });
        answer.Error.Code.ShouldBe(ErrorCode.InvalidArgument);
    }

    [Fact]
    public async Task Text_up_to_4000_characters_is_accepted_and_longer_is_refused()
    {
        var (ann, bob) = await FriendsAsync();
        await using var _ = ann;
        await using var __ = bob;
        (await ann.SendTextAsync(bob.Direct, new string('x', FrameLimits.MaxTextLength))).BodyCase.ShouldBe(Body.SendMessageOk);
        var tooLong = await ann.SendTextAsync(bob.Direct, new string('x', FrameLimits.MaxTextLength + 1));
        tooLong.Error.Code.ShouldBe(ErrorCode.InvalidArgument);
        tooLong.Error.Field.ShouldBe("text");
    }

    [Fact]
    public async Task Emoji_messages_carry_the_emoji_id_and_sketch_as_emoji()
    {
        var (ann, bob) = await FriendsAsync();
        await using var _ = ann;
        await using var __ = bob;
        var ack = await ann.Client.RequestAsync(new Envelope
        {
            SendMessage = new SendMessageRequest { ClientMsgId = "e1", To = bob.Direct, Type = MessageType.Emoji, Text = "f_22" },
        });
        ack.SendMessageOk.Message.Type.ShouldBe(MessageType.Emoji);
        var talk = (await bob.Client.RequestAsync(new Envelope { ListTalks = new ListTalksRequest() })).ListTalksOk.Talks.Single();
        talk.Sketch.ShouldBe("[emoji]");
    }

    [Fact]
    public async Task History_pages_backwards_by_sequence_and_forwards_after_a_cursor()
    {
        var (ann, bob) = await FriendsAsync();
        await using var _ = ann;
        await using var __ = bob;
        for (int i = 1; i <= 12; i++)
        {
            await ann.SendTextAsync(bob.Direct, $"m{i}");
        }

        var latest = (await bob.Client.RequestAsync(new Envelope { History = new HistoryRequest { Peer = ann.Direct, Limit = 5 } })).HistoryOk;
        latest.Messages.Select(m => m.Text).ShouldBe(["m8", "m9", "m10", "m11", "m12"]);
        latest.HasMore.ShouldBeTrue();
        latest.LastSeq.ShouldBe(12);

        var older = (await bob.Client.RequestAsync(new Envelope { History = new HistoryRequest { Peer = ann.Direct, BeforeSeq = 8, Limit = 5 } })).HistoryOk;
        older.Messages.Select(m => m.Seq).ShouldBe([3L, 4L, 5L, 6L, 7L]);

        var oldest = (await bob.Client.RequestAsync(new Envelope { History = new HistoryRequest { Peer = ann.Direct, BeforeSeq = 3, Limit = 5 } })).HistoryOk;
        oldest.Messages.Select(m => m.Seq).ShouldBe([1L, 2L]);
        oldest.HasMore.ShouldBeFalse();

        var after = (await bob.Client.RequestAsync(new Envelope { History = new HistoryRequest { Peer = ann.Direct, AfterSeq = 10, Limit = 5 } })).HistoryOk;
        after.Messages.Select(m => m.Seq).ShouldBe([11L, 12L]);
        after.HasMore.ShouldBeFalse();
    }

    [Fact]
    public async Task Nobody_reads_a_conversation_they_are_not_part_of()
    {
        var (ann, bob) = await FriendsAsync();
        await using var _ = ann;
        await using var __ = bob;
        await using var eve = await Users.NewAsync(Port, Users.Unique("eve"));
        await ann.SendTextAsync(bob.Direct, "secret");

        var peek = await eve.Client.RequestAsync(new Envelope { History = new HistoryRequest { Peer = ann.Direct } });
        peek.Error.Code.ShouldBe(ErrorCode.Forbidden);
    }

    [Fact]
    public async Task Messages_sent_while_offline_arrive_in_the_next_login_with_the_delivery_cursor()
    {
        var (ann, bob) = await FriendsAsync();
        await using var _ = ann;
        await bob.DisposeAsync();
        for (int i = 1; i <= 15; i++)
        {
            await ann.SendTextAsync(bob.Direct, $"offline {i}");
        }

        await using var back = await Users.LoginAsync(Port, bob.UserId);
        var talk = back.State.Talks.Single(t => t.Peer.Id == ann.UserId);
        talk.LastSeq.ShouldBe(15);
        talk.DeliveredSeq.ShouldBe(0);
        talk.Unread.ShouldBe(15);
        talk.Latest.Select(m => m.Text).ShouldBe(Enumerable.Range(6, 10).Select(i => $"offline {i}")); // latest 10, oldest first

        // A device with nothing yet pages forward from 0: the first page starts at the first message, not the latest.
        var first = (await back.Client.RequestAsync(new Envelope { History = new HistoryRequest { Peer = ann.Direct, AfterSeq = 0, Limit = 5 } })).HistoryOk;
        first.Messages.Select(m => m.Text).ShouldBe(Enumerable.Range(1, 5).Select(i => $"offline {i}"));
        first.HasMore.ShouldBeTrue();
    }

    [Fact]
    public async Task Acked_delivery_moves_the_device_cursor_for_the_next_login()
    {
        var (ann, bob) = await FriendsAsync();
        await using var _ = ann;
        await using (bob)
        {
            var ack = (await ann.SendTextAsync(bob.Direct, "one")).SendMessageOk.Message;
            await ann.SendTextAsync(bob.Direct, "two");
            await bob.Client.SendAsync(new Envelope { RequestId = 900, Ack = new AckRequest { Cursors = { new ConversationCursor { ConversationId = ack.ConversationId, Seq = 1 } } } });
            // A ping answered after the ack proves the ack was processed (requests on a connection run in order).
            await bob.Client.RequestAsync(new Envelope { Ping = new Ping() });
        }

        await using var back = await Users.LoginAsync(Port, bob.UserId);
        back.State.Talks.Single(t => t.Peer.Id == ann.UserId).DeliveredSeq.ShouldBe(1);
        await using var otherDevice = await Users.LoginAsync(Port, bob.UserId, device: "tablet");
        otherDevice.State.Talks.Single(t => t.Peer.Id == ann.UserId).DeliveredSeq.ShouldBe(0);
    }

    [Fact]
    public async Task An_ack_with_request_id_0_is_refused_and_moves_nothing()
    {
        var (ann, bob) = await FriendsAsync();
        await using var _ = ann;
        await using (bob)
        {
            var sent = (await ann.SendTextAsync(bob.Direct, "one")).SendMessageOk.Message;
            await bob.Client.SendAsync(new Envelope { Ack = new AckRequest { Cursors = { new ConversationCursor { ConversationId = sent.ConversationId, Seq = 1 } } } });

            var refusal = await bob.Client.ReceiveAsync(e => e.BodyCase == Body.Error, "the refusal of the id-0 ack");
            refusal.RequestId.ShouldBe(0u);
            refusal.Error.Code.ShouldBe(ErrorCode.InvalidArgument);
            refusal.Error.Field.ShouldBe("request_id");
            refusal.Error.Fatal.ShouldBeFalse();
            (await bob.Client.RequestAsync(new Envelope { Ping = new Ping() })).BodyCase.ShouldBe(Body.Pong); // still open
        }

        await using var back = await Users.LoginAsync(Port, bob.UserId);
        back.State.Talks.Single(t => t.Peer.Id == ann.UserId).DeliveredSeq.ShouldBe(0);
    }

    [Fact]
    public async Task A_message_reaches_the_senders_other_devices_but_not_the_sending_connection()
    {
        var (ann, bob) = await FriendsAsync();
        await using var _ = ann;
        await using var __ = bob;
        await using var annPhone = await Users.LoginAsync(Port, ann.UserId, device: "phone");

        var ack = (await ann.SendTextAsync(bob.Direct, "synced")).SendMessageOk.Message;
        var onPhone = (await annPhone.Client.NextPushAsync(Body.Message)).Message.Message;
        onPhone.Id.ShouldBe(ack.Id);
        onPhone.Peer.Id.ShouldBe(bob.UserId);

        // The sender's own connection got the ack only: the next thing it receives is the answer to this ping.
        var next = await ann.Client.RequestAsync(new Envelope { Ping = new Ping() });
        ann.Client.Pending().ShouldNotContain(e => e.BodyCase == Body.Message);
        next.BodyCase.ShouldBe(Body.Pong);
    }
}
