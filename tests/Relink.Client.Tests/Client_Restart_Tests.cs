using Microsoft.Extensions.Time.Testing;
using Relink.Client.Tests.Fakes;
using Relink.Protocol.Messages;
using Relink.Testing;

namespace Relink.Client.Tests;

/// <summary>An app restart: a new client given the last one's state store carries on where it stopped.</summary>
public class Client_Restart_Tests
{
    private readonly FakeTimeProvider _time = new();
    private readonly InMemoryClientStateStore _store = new();

    private Func<RelinkClientOptions, RelinkClientOptions> WithStore => o => o with { StateStore = _store };

    [Fact]
    public async Task A_restarted_client_delivers_nothing_twice_and_first_sends_what_the_last_one_left_unacknowledged()
    {
        string leftBehindId;
        await using (var first = await LiveSession.StartAsync(_time, WithStore, Scenario.Login(Scenario.TalkWithBob(0, 3, Scenario.FromBob(1), Scenario.FromBob(2), Scenario.FromBob(3)))))
        {
            (await ReadSeqsAsync(first.Client, 3)).ShouldBe([1, 2, 3]);
            await first.DropAsync(); // the acks may never have reached the server
            var leftBehind = first.Client.SendTextAsync(Peers.User("bob"), "left behind");
            leftBehindId = first.Client.PendingMessages.Single().ClientMsgId;
            await first.Client.DisposeAsync();
            (await Should.ThrowAsync<RelinkStoppedException>(() => leftBehind)).Reason.ShouldBe(StopReason.Disposed);
        }

        // The server only knows of seq 1 as delivered; seq 4 arrived meanwhile.
        var behind = Scenario.TalkWithBob(1, 4, Scenario.FromBob(1), Scenario.FromBob(2), Scenario.FromBob(3), Scenario.FromBob(4));
        await using var second = await LiveSession.StartAsync(_time, WithStore, Scenario.Login(behind));

        (await ReadSeqsAsync(second.Client, 1)).ShouldBe([4], "2 and 3 were delivered by the first client");
        var resent = await ExpectSkippingAcksAsync(second.Connection, Envelope.BodyOneofCase.SendMessage);
        resent.SendMessage.ClientMsgId.ShouldBe(leftBehindId);
        resent.SendMessage.Text.ShouldBe("left behind");
        second.Client.PendingMessages.Single().ClientMsgId.ShouldBe(leftBehindId);
        await second.Connection.ReplyAsync(resent, Scenario.SendOk(resent, 5));

        await Eventually.TrueAsync(() => second.Client.PendingMessages.Count == 0, "the left-over message to be acknowledged");
        await Eventually.TrueAsync(async () => (await _store.LoadAsync(default)).Pending.Count == 0, "the store to forget it");
    }

    [Fact]
    public async Task The_server_learns_the_cursors_it_missed_with_the_first_ack_batch()
    {
        await _store.SaveAsync(new ClientStateChange { UserId = "alice", Cursors = new Dictionary<string, long> { [Scenario.AliceBob] = 3 } }, default);

        await using var session = await LiveSession.StartAsync(_time, WithStore, Scenario.Login(Scenario.TalkWithBob(1, 3, Scenario.FromBob(2), Scenario.FromBob(3))));

        var ack = await session.Connection.ExpectAsync(Envelope.BodyOneofCase.Ack);
        ack.Ack.Cursors.Single().ShouldBe(new ConversationCursor { ConversationId = Scenario.AliceBob, Seq = 3 });
    }

    [Fact]
    public async Task Another_users_saved_state_is_discarded_at_login()
    {
        await _store.SaveAsync(new ClientStateChange { UserId = "carol", Cursors = new Dictionary<string, long> { [Scenario.AliceBob] = 3 }, Added = [new PendingMessage("carols", Peers.User("bob"), MessageType.Text, "not yours", DateTimeOffset.UnixEpoch, false)] }, default);

        await using var session = await LiveSession.StartAsync(_time, WithStore, Scenario.Login(Scenario.TalkWithBob(0, 3, Scenario.FromBob(1), Scenario.FromBob(2), Scenario.FromBob(3))));

        (await ReadSeqsAsync(session.Client, 3)).ShouldBe([1, 2, 3]);
        session.Client.PendingMessages.ShouldBeEmpty();
        await Eventually.TrueAsync(async () => (await _store.LoadAsync(default)).UserId == "alice", "the store to belong to alice");
        (await _store.LoadAsync(default)).Pending.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_saved_cursor_beyond_what_the_server_has_is_ignored()
    {
        // The server's data was reset: its conversation is shorter than what this client saw.
        await _store.SaveAsync(new ClientStateChange { UserId = "alice", Cursors = new Dictionary<string, long> { [Scenario.AliceBob] = 10 } }, default);

        await using var session = await LiveSession.StartAsync(_time, WithStore, Scenario.Login(Scenario.TalkWithBob(0, 2, Scenario.FromBob(1), Scenario.FromBob(2))));

        (await ReadSeqsAsync(session.Client, 2)).ShouldBe([1, 2]);
    }

    private static async Task<List<long>> ReadSeqsAsync(RelinkClient client, int count) =>
        [.. (await Scenario.ReadAsync(client, count)).Select(m => m.Seq)];

    private static async Task<Envelope> ExpectSkippingAcksAsync(FakeConnection connection, Envelope.BodyOneofCase expected)
    {
        while (true)
        {
            var frame = await connection.ReceiveAsync($"a {expected} frame");
            if (frame.BodyCase != Envelope.BodyOneofCase.Ack)
            {
                frame.BodyCase.ShouldBe(expected);
                return frame;
            }
        }
    }
}
