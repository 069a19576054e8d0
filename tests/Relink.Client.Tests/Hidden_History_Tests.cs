using Relink.Client.Tests.Fakes;
using Relink.Protocol.Messages;
using Relink.Testing;

namespace Relink.Client.Tests;

/// <summary>
/// A group's history from before this user's (latest) join is hidden from them (history visibility "from join"):
/// a history pull skips it, and the inbox must not wait for those seqs.
/// </summary>
public class Hidden_History_Tests
{
    [Fact]
    public async Task A_device_that_rejoined_a_group_gets_the_messages_after_its_join_though_its_cursor_is_before_the_hidden_history()
    {
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server);
        var received = Scenario.Record(client);

        // The device delivered up to seq 3 before it left; seqs 4..9 came while it was out; it rejoined at seq 10.
        var connection = await Scenario.LoginAsync(client, server, Scenario.Login(Scenario.GroupTalk("1001", deliveredSeq: 3, lastSeq: 11)));
        var pull = await connection.ExpectAsync(Envelope.BodyOneofCase.History);
        pull.History.AfterSeq.ShouldBe(3);
        await connection.ReplyAsync(pull, Scenario.History(lastSeq: 11, hasMore: false, Scenario.InGroup("1001", 10), Scenario.InGroup("1001", 11)));

        (await Scenario.ReadAsync(client, 2)).Select(m => m.Seq).ShouldBe([10L, 11L]);

        // What comes next is shown at once, and the hidden seqs are not asked for again.
        await connection.PushAsync(Scenario.InGroup("1001", 12));
        (await Scenario.ReadAsync(client, 1)).Single().Seq.ShouldBe(12);
        var ping = client.PingAsync();
        (await connection.ReceiveAsync()).BodyCase.ShouldBe(Envelope.BodyOneofCase.Ping, "no second pull of the hidden seqs");
        received.Seqs.ShouldBe([10, 11, 12]);
    }

    [Fact]
    public async Task A_new_member_met_first_in_a_push_starts_at_their_join_not_at_seq_1()
    {
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server);
        var connection = await Scenario.LoginAsync(client, server, Scenario.Login());

        // Alice was added at seq 5 (not in the login's talk list); bob's seq 6 is the first she hears of the group.
        await connection.PushAsync(Scenario.InGroup("1001", 6));
        var sync = await connection.ExpectAsync(Envelope.BodyOneofCase.Sync);
        var behind = new SyncResponse();
        behind.Behind.Add(new TalkCursor { Peer = Scenario.GroupPeer("1001"), ConversationId = "g:1001", LastSeq = 6, DeliveredSeq = 0 });
        await connection.ReplyAsync(sync, new Envelope { SyncOk = behind });
        var pull = await connection.ExpectAsync(Envelope.BodyOneofCase.History);
        pull.History.AfterSeq.ShouldBe(0);
        await connection.ReplyAsync(pull, Scenario.History(lastSeq: 6, hasMore: false, Scenario.InGroup("1001", 5), Scenario.InGroup("1001", 6)));

        (await Scenario.ReadAsync(client, 2)).Select(m => m.Seq).ShouldBe([5L, 6L]);
    }

    [Fact]
    public async Task An_empty_page_short_of_the_last_seq_ends_the_wait_for_what_it_hides()
    {
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server);

        // Seqs 4..9 are hidden from this user; nothing after 3 is visible yet.
        var connection = await Scenario.LoginAsync(client, server, Scenario.Login(Scenario.GroupTalk("1001", deliveredSeq: 3, lastSeq: 9)));
        var pull = await connection.ExpectAsync(Envelope.BodyOneofCase.History);
        await connection.ReplyAsync(pull, Scenario.History(lastSeq: 9, hasMore: false));

        await connection.PushAsync(Scenario.InGroup("1001", 10));
        (await Scenario.ReadAsync(client, 1)).Single().Seq.ShouldBe(10);
    }
}
