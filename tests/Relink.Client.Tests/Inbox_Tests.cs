using Microsoft.Extensions.Time.Testing;
using Relink.Client.Inbox;
using Relink.Client.Tests.Fakes;
using Relink.Protocol.Messages;
using Relink.Testing;

namespace Relink.Client.Tests;

public class Inbox_Tests
{
    [Fact]
    public async Task Offline_messages_carried_by_the_talk_list_come_out_first_in_order_without_a_pull()
    {
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server);
        var talk = Scenario.TalkWithBob(deliveredSeq: 2, lastSeq: 5, Scenario.FromBob(1), Scenario.FromBob(2), Scenario.FromBob(3), Scenario.FromBob(4), Scenario.FromBob(5));
        var connection = await Scenario.LoginAsync(client, server, Scenario.Login(talk));

        (await ReadAsync(client, 3)).ShouldBe([3, 4, 5]);

        // The next frame the server sees is our ping: no history was asked for.
        var ping = client.PingAsync();
        var request = await connection.ReceiveAsync();
        request.BodyCase.ShouldBe(Envelope.BodyOneofCase.Ping, request.ToString());
        await connection.ReplyAsync(request, new Envelope { Pong = new Pong { ClientTime = request.Ping.ClientTime } });
        await ping.WithinDeadline("the pong");
    }

    [Fact]
    public async Task A_backlog_beyond_the_latest_is_pulled_page_by_page_and_comes_out_before_live_messages()
    {
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server);
        var talk = Scenario.TalkWithBob(deliveredSeq: 2, lastSeq: 6, Scenario.FromBob(5), Scenario.FromBob(6));
        var connection = await Scenario.LoginAsync(client, server, Scenario.Login(talk));

        var firstPull = await connection.ExpectAsync(Envelope.BodyOneofCase.History);
        firstPull.History.Peer.ShouldBe(Scenario.UserPeer("bob"));
        firstPull.History.AfterSeq.ShouldBe(2);
        firstPull.History.Limit.ShouldBe(MessageInbox.PullPageSize);

        // A live message arrives while the backlog is still being fetched.
        await connection.PushAsync(Scenario.FromBob(7));
        await connection.ReplyAsync(firstPull, Scenario.History(lastSeq: 7, hasMore: true, Scenario.FromBob(3)));
        var secondPull = await connection.ExpectAsync(Envelope.BodyOneofCase.History);
        secondPull.History.AfterSeq.ShouldBe(3);
        await connection.ReplyAsync(secondPull, Scenario.History(lastSeq: 7, hasMore: false, Scenario.FromBob(4), Scenario.FromBob(5), Scenario.FromBob(6), Scenario.FromBob(7)));

        (await ReadAsync(client, 5)).ShouldBe([3, 4, 5, 6, 7]);
    }

    [Fact]
    public async Task A_gap_in_live_messages_is_pulled_once_and_filled_in_order()
    {
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server);
        var received = Scenario.Record(client);
        var connection = await Scenario.LoginAsync(client, server, Scenario.Login(Scenario.TalkWithBob(0, 0)));

        await connection.PushAsync(Scenario.FromBob(1));
        await connection.PushAsync(Scenario.FromBob(3));
        var pull = await connection.ExpectAsync(Envelope.BodyOneofCase.History);
        pull.History.AfterSeq.ShouldBe(1);
        await connection.PushAsync(Scenario.FromBob(4));
        await received.CountAsync(1);

        // The pull for the hole is still out: a second hole report must not send a second pull.
        var ping = client.PingAsync();
        (await connection.ReceiveAsync()).BodyCase.ShouldBe(Envelope.BodyOneofCase.Ping);
        received.Seqs.ShouldBe([1]);

        await connection.ReplyAsync(pull, Scenario.History(lastSeq: 4, hasMore: false, Scenario.FromBob(2), Scenario.FromBob(3)));

        (await ReadAsync(client, 4)).ShouldBe([1, 2, 3, 4]);
        received.Seqs.ShouldBe([1, 2, 3, 4]);
    }

    [Fact]
    public async Task A_message_pushed_twice_comes_out_once()
    {
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server);
        var connection = await Scenario.LoginAsync(client, server, Scenario.Login(Scenario.TalkWithBob(0, 0)));

        await connection.PushAsync(Scenario.FromBob(1));
        await connection.PushAsync(Scenario.FromBob(1));
        await connection.PushAsync(Scenario.FromBob(2));

        (await ReadAsync(client, 2)).ShouldBe([1, 2]);
    }

    [Fact]
    public async Task Conversations_are_ordered_independently()
    {
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server);
        var connection = await Scenario.LoginAsync(client, server, Scenario.Login(Scenario.TalkWithBob(0, 0), Scenario.GroupTalk("1001", 40, 40)));

        await connection.PushAsync(Scenario.FromBob(1));
        await connection.PushAsync(Scenario.InGroup("1001", 41));
        await connection.PushAsync(Scenario.FromBob(2));

        var messages = await ReadMessagesAsync(client, 3);
        messages.Select(m => (m.ConversationId, m.Seq)).ShouldBe([(Scenario.AliceBob, 1L), ("g:1001", 41L), (Scenario.AliceBob, 2L)]);
    }

    [Fact]
    public async Task Own_sent_messages_advance_the_cursor_and_are_not_raised_as_received()
    {
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server);
        var received = Scenario.Record(client);
        var connection = await Scenario.LoginAsync(client, server, Scenario.Login(Scenario.TalkWithBob(1, 1)));

        var sending = client.SendTextAsync(Peers.User("bob"), "hi bob");
        var send = await connection.ExpectAsync(Envelope.BodyOneofCase.SendMessage);
        send.SendMessage.To.ShouldBe(Scenario.UserPeer("bob"));
        send.SendMessage.ClientMsgId.ShouldNotBeNullOrEmpty();
        await connection.ReplyAsync(send, new Envelope
        {
            SendMessageOk = new SendMessageResponse { Message = Scenario.FromAlice(2, "hi bob", send.SendMessage.ClientMsgId) },
        });
        var stored = await Eventually.WithinAsync(sending, "the send to be acknowledged");
        stored.Seq.ShouldBe(2);

        await connection.PushAsync(Scenario.FromBob(3));

        (await ReadAsync(client, 1)).ShouldBe([3]);
        received.Seqs.ShouldBe([3]);
        var ping = client.PingAsync();
        (await connection.ReceiveAsync()).BodyCase.ShouldBe(Envelope.BodyOneofCase.Ping, "seq 3 followed our own seq 2: no pull was needed");
    }

    [Fact]
    public async Task Own_messages_met_again_in_a_pulled_page_are_not_raised()
    {
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server);
        var received = Scenario.Record(client);
        var connection = await Scenario.LoginAsync(client, server, Scenario.Login(Scenario.TalkWithBob(1, 1)));

        var sending = client.SendAsync(Peers.User("bob"), MessageType.Text, "mine", clientMsgId: "c-42");
        var send = await connection.ExpectAsync(Envelope.BodyOneofCase.SendMessage);

        // Bob's reply overtakes our acknowledgement; the pull for the hole brings our own message back.
        await connection.PushAsync(Scenario.FromBob(3));
        var pull = await connection.ExpectAsync(Envelope.BodyOneofCase.History);
        await connection.ReplyAsync(pull, Scenario.History(3, false, Scenario.FromAlice(2, "mine", "c-42"), Scenario.FromBob(3)));
        await connection.ReplyAsync(send, new Envelope { SendMessageOk = new SendMessageResponse { Message = Scenario.FromAlice(2, "mine", "c-42") } });
        await sending.WithinDeadline("the send");

        (await ReadAsync(client, 1)).ShouldBe([3]);
        received.Seqs.ShouldBe([3]);
    }

    [Fact]
    public async Task Delivered_messages_are_acknowledged_in_one_batch_200_ms_after_the_first()
    {
        var time = new FakeTimeProvider();
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server, time);
        var connection = await Scenario.LoginAsync(client, server, Scenario.Login(Scenario.TalkWithBob(0, 0), Scenario.GroupTalk("1001", 7, 7)));

        await connection.PushAsync(Scenario.FromBob(1));
        await connection.PushAsync(Scenario.FromBob(2));
        await connection.PushAsync(Scenario.InGroup("1001", 8));
        (await ReadAsync(client, 3)).ShouldBe([1, 2, 8]);

        time.Advance(TimeSpan.FromMilliseconds(199));
        var pinging = client.PingAsync();
        var ping = await connection.ReceiveAsync();
        ping.BodyCase.ShouldBe(Envelope.BodyOneofCase.Ping, "no ack before 200 ms");
        time.Advance(TimeSpan.FromMilliseconds(1));

        // Every request carries a non-zero id of its own, acks included: the server refuses id 0.
        var ack = await connection.ExpectAsync(Envelope.BodyOneofCase.Ack);
        ack.RequestId.ShouldNotBe(0u);
        ack.RequestId.ShouldNotBe(ping.RequestId);
        ack.Ack.Cursors.Select(c => (c.ConversationId, c.Seq)).ShouldBe([(Scenario.AliceBob, 2L), ("g:1001", 8L)]);
    }

    [Fact]
    public async Task A_full_batch_of_64_is_acknowledged_without_waiting_for_the_timer()
    {
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server);
        var connection = await Scenario.LoginAsync(client, server, Scenario.Login(Scenario.TalkWithBob(0, 0)));

        for (int seq = 1; seq <= AckBatcher.MaxBatch; seq++)
        {
            await connection.PushAsync(Scenario.FromBob(seq));
        }

        var ack = await connection.ExpectAsync(Envelope.BodyOneofCase.Ack);
        ack.Ack.Cursors.Single().Seq.ShouldBe(AckBatcher.MaxBatch);
    }

    [Fact]
    public async Task A_full_inbox_pauses_delivery_and_resumes_without_loss_as_the_reader_catches_up()
    {
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server, configure: o => o with { InboxCapacity = 2 });
        var received = Scenario.Record(client);
        var connection = await Scenario.LoginAsync(client, server, Scenario.Login(Scenario.TalkWithBob(0, 0)));

        for (int seq = 1; seq <= 6; seq++)
        {
            await connection.PushAsync(Scenario.FromBob(seq));
        }

        await received.CountAsync(2);
        var ping = client.PingAsync();
        await connection.ExpectAsync(Envelope.BodyOneofCase.Ping);
        received.Seqs.ShouldBe([1, 2], "the inbox holds two; the rest wait until it is read");

        (await ReadAsync(client, 6)).ShouldBe([1, 2, 3, 4, 5, 6]);
        received.Seqs.ShouldBe([1, 2, 3, 4, 5, 6]);
    }

    [Fact]
    public async Task Closing_the_client_sends_the_acknowledgements_still_waiting()
    {
        await using var server = FakeServer.Start();
        var client = Scenario.Client(server);
        var connection = await Scenario.LoginAsync(client, server, Scenario.Login(Scenario.TalkWithBob(0, 0)));
        await connection.PushAsync(Scenario.FromBob(1));
        (await ReadAsync(client, 1)).ShouldBe([1]);

        await client.DisposeAsync();

        (await connection.ExpectAsync(Envelope.BodyOneofCase.Ack)).Ack.Cursors.Single().Seq.ShouldBe(1);
        await connection.ClosedByClient.WithinDeadline("the client to close");
    }

    [Fact]
    public async Task A_sending_only_client_neither_catches_up_nor_acknowledges()
    {
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server, configure: o => o with { ReceiveMessages = false });
        var received = Scenario.Record(client);
        var connection = await Scenario.LoginAsync(client, server, Scenario.Login(Scenario.TalkWithBob(0, 3, Scenario.FromBob(3))));
        await connection.PushAsync(Scenario.FromBob(4));

        var ping = client.PingAsync();
        (await connection.ReceiveAsync()).BodyCase.ShouldBe(Envelope.BodyOneofCase.Ping);
        await client.DisposeAsync();

        await connection.ClosedByClient.WithinDeadline("the client to close");
        connection.HasUnread.ShouldBeFalse("no history pull and no ack");
        received.Count.ShouldBe(0);
    }

    [Fact]
    public async Task A_catch_up_cut_short_by_a_dropped_link_continues_after_the_resume()
    {
        var time = new FakeTimeProvider();
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server, time);
        var states = new StateRecorder(client);
        var backlog = Scenario.Login(Scenario.TalkWithBob(deliveredSeq: 0, lastSeq: 2));
        var first = await Scenario.LoginAsync(client, server, backlog);
        await first.ExpectAsync(Envelope.BodyOneofCase.History);
        await first.CloseAsync();
        await states.NextAsync<ConnectionState.Reconnecting>();

        time.Advance(TimeSpan.FromSeconds(1));
        var second = await Scenario.ResumeAsync(server, "token-1", Scenario.WithToken(backlog, "token-2"));
        var pull = await second.ExpectAsync(Envelope.BodyOneofCase.History);
        pull.History.AfterSeq.ShouldBe(0);
        await second.ReplyAsync(pull, Scenario.History(2, false, Scenario.FromBob(1), Scenario.FromBob(2)));

        (await ReadAsync(client, 2)).ShouldBe([1, 2]);
    }

    private static async Task<List<long>> ReadAsync(RelinkClient client, int count) =>
        [.. (await Scenario.ReadAsync(client, count)).Select(m => m.Seq)];

    private static Task<List<ChatMessage>> ReadMessagesAsync(RelinkClient client, int count) => Scenario.ReadAsync(client, count);
}
