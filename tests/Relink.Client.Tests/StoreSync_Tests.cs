using Microsoft.Extensions.Time.Testing;
using Relink.Client.Tests.Fakes;
using Relink.Protocol.Messages;
using Relink.Testing;
using Wire = Relink.Protocol.Messages;

namespace Relink.Client.Tests;

/// <summary>
/// The sync request: what the client learns from the server's store when pushes alone would leave it behind (a push
/// lost on the way, a conversation first met in pushes that arrive out of seq order).
/// </summary>
public class StoreSync_Tests
{
    [Fact]
    public async Task A_new_conversation_whose_pushes_arrive_out_of_order_waits_for_the_device_cursor_and_loses_none()
    {
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server);
        var received = Scenario.Record(client);
        var connection = await Scenario.LoginAsync(client, server, Scenario.Login());

        // Two members' messages committed in one batch can reach this client in either order; the group is not in
        // the login's talk list (joined since), so nothing says where this device's delivery starts.
        await connection.PushAsync(Scenario.InGroup("1001", 42));
        await connection.PushAsync(Scenario.InGroup("1001", 41));

        var sync = await connection.ExpectAsync(Envelope.BodyOneofCase.Sync);
        await connection.ReplyAsync(sync, SyncOk(Behind(Scenario.GroupPeer("1001"), "g:1001", lastSeq: 42, deliveredSeq: 40)));

        (await Scenario.ReadAsync(client, 2)).Select(m => m.Seq).ShouldBe([41L, 42L]);
        received.Seqs.ShouldBe([41, 42]);
    }

    [Fact]
    public async Task An_own_send_acknowledged_before_an_earlier_push_of_a_new_conversation_does_not_hide_that_push()
    {
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server);
        var received = Scenario.Record(client);
        var connection = await Scenario.LoginAsync(client, server, Scenario.Login());

        // The talk was deleted from alice's list after seq 1 reached this device. Bob's next message (seq 2) and
        // alice's (seq 3) are stored together; alice's ack overtakes bob's push.
        var sending = client.SendTextAsync(Peers.User("bob"), "hi bob");
        var send = await connection.ExpectAsync(Envelope.BodyOneofCase.SendMessage);
        await connection.ReplyAsync(send, Scenario.SendOk(send, 3));
        (await Eventually.WithinAsync(sending, "the send to be acknowledged")).Seq.ShouldBe(3);
        await connection.PushAsync(Scenario.FromBob(2));

        var sync = await connection.ExpectAsync(Envelope.BodyOneofCase.Sync);
        await connection.ReplyAsync(sync, SyncOk(Behind(Scenario.UserPeer("bob"), Scenario.AliceBob, lastSeq: 3, deliveredSeq: 1)));

        (await Scenario.ReadAsync(client, 1)).Single().Seq.ShouldBe(2);
        received.Seqs.ShouldBe([2]);
    }

    [Fact]
    public async Task The_first_message_of_a_new_conversation_comes_out_at_once_without_a_sync()
    {
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server);
        var connection = await Scenario.LoginAsync(client, server, Scenario.Login());

        // Nothing is below seq 1, so its conversation's start is known; seq 2 follows it.
        await connection.PushAsync(Scenario.FromBob(1));
        await connection.PushAsync(Scenario.FromBob(2));

        (await Scenario.ReadAsync(client, 2)).Select(m => m.Seq).ShouldBe([1L, 2L]);
        var ping = client.PingAsync();
        (await connection.ReceiveAsync()).BodyCase.ShouldBe(Envelope.BodyOneofCase.Ping, "no sync was needed");
    }

    [Fact]
    public async Task A_push_the_server_never_sent_is_fetched_by_the_next_periodic_sync()
    {
        var time = new FakeTimeProvider();
        await using var server = FakeServer.Start();
        // Shorter than the login's 10 s heartbeat interval, so the sync is the first thing the client writes.
        await using var client = Scenario.Client(server, time, o => o with { SyncInterval = TimeSpan.FromSeconds(5) });
        var received = Scenario.Record(client);
        var connection = await Scenario.LoginAsync(client, server, Scenario.Login(Scenario.TalkWithBob(1, 1)));

        // Bob's seq 2 is stored, but its push is lost: the client has no hole to notice.
        time.Advance(TimeSpan.FromSeconds(4.9));
        var ping = client.PingAsync();
        (await connection.ReceiveAsync()).BodyCase.ShouldBe(Envelope.BodyOneofCase.Ping, "no sync before its interval");
        time.Advance(TimeSpan.FromSeconds(0.1));

        var sync = await connection.ExpectAsync(Envelope.BodyOneofCase.Sync);
        await connection.ReplyAsync(sync, SyncOk(Behind(Scenario.UserPeer("bob"), Scenario.AliceBob, lastSeq: 2, deliveredSeq: 1)));
        var pull = await connection.ExpectAsync(Envelope.BodyOneofCase.History);
        pull.History.AfterSeq.ShouldBe(1);
        await connection.ReplyAsync(pull, Scenario.History(lastSeq: 2, hasMore: false, Scenario.FromBob(2)));

        (await Scenario.ReadAsync(client, 1)).Single().Seq.ShouldBe(2);
        received.Seqs.ShouldBe([2]);

        // The delivery is acknowledged, and the schedule goes on: the next sync one interval after this one.
        time.Advance(TimeSpan.FromSeconds(5));
        (await connection.ExpectAsync(Envelope.BodyOneofCase.Ack)).Ack.Cursors.Single().Seq.ShouldBe(2);
        var next = await connection.ExpectAsync(Envelope.BodyOneofCase.Sync);
        await connection.ReplyAsync(next, SyncOk());
    }

    private static TalkCursor Behind(Wire.Peer peer, string conversationId, long lastSeq, long deliveredSeq) =>
        new() { Peer = peer, ConversationId = conversationId, LastSeq = lastSeq, DeliveredSeq = deliveredSeq };

    private static Envelope SyncOk(params TalkCursor[] behind)
    {
        var answer = new SyncResponse();
        answer.Behind.AddRange(behind);
        return new Envelope { SyncOk = answer };
    }
}
