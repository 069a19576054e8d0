using Microsoft.Extensions.Time.Testing;
using Relink.Protocol.Messages;
using Relink.Testing.Server;
using Body = Relink.Protocol.Messages.Envelope.BodyOneofCase;

namespace Relink.Server.Tests.Chat;

/// <summary>
/// Edit and recall: only the sender, only within the windows (10 minutes and 1 minute here, by the server's clock,
/// which the tests move by hand), each change an event with its own seq that reaches every device in order.
/// </summary>
public sealed class Edit_Recall_Tests : IAsyncLifetime
{
    private static readonly TimeSpan EditWindow = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan RecallWindow = TimeSpan.FromMinutes(1);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private TestServer _server = null!;

    private int Port => _server.TcpPort;

    public async Task InitializeAsync() =>
        // Heartbeats far longer than the clock moves here, so moving it does not declare the test links dead.
        _server = await TestServer.StartAsync(
            ["--multi-device", "--heartbeat-interval", "2h", "--heartbeat-timeout", "3h", "--Relink:EditWindow=10m", "--Relink:RecallWindow=1m"],
            _time);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<(LoggedIn Ann, LoggedIn Bob)> FriendsAsync()
    {
        var ann = await Users.NewAsync(Port, Users.Unique("ea"));
        var bob = await Users.NewAsync(Port, Users.Unique("eb"));
        await Users.BefriendAsync(ann, bob);
        return (ann, bob);
    }

    private static Task<Envelope> EditAsync(LoggedIn who, Peer peer, long seq, string text, string? key = null) =>
        who.Client.RequestAsync(new Envelope { EditMessage = new EditMessageRequest { ClientMsgId = key ?? Guid.NewGuid().ToString("N"), Peer = peer, Seq = seq, Text = text } });

    private static Task<Envelope> RecallAsync(LoggedIn who, Peer peer, long seq) =>
        who.Client.RequestAsync(new Envelope { RecallMessage = new RecallMessageRequest { Peer = peer, Seq = seq } });

    private static async Task<HistoryResponse> HistoryAsync(LoggedIn who, Peer peer) =>
        (await who.Client.RequestAsync(new Envelope { History = new HistoryRequest { Peer = peer } })).HistoryOk;

    [Fact]
    public async Task An_edit_within_the_window_is_an_event_pushed_to_the_friend_and_history_shows_the_new_text_marked_edited()
    {
        var (ann, bob) = await FriendsAsync();
        await using var _ = ann;
        await using var __ = bob;
        await using var annTablet = await Users.LoginAsync(Port, ann.UserId, device: "tablet");
        long seq = (await ann.SendTextAsync(bob.Direct, "see you at 8")).SendMessageOk.Message.Seq;
        await bob.Client.NextPushAsync(Body.Message);
        await annTablet.Client.NextPushAsync(Body.Message);

        _time.Advance(EditWindow - TimeSpan.FromSeconds(1));
        var answer = await EditAsync(ann, bob.Direct, seq, "see you at 9");

        var edit = answer.EditMessageOk.Event;
        edit.Type.ShouldBe(MessageType.Edit);
        edit.Seq.ShouldBe(seq + 1, "the edit takes the next seq");
        edit.TargetSeq.ShouldBe(seq);
        edit.Text.ShouldBe("see you at 9");
        var pushed = (await bob.Client.NextPushAsync(Body.Message)).Message.Message;
        var expected = edit.Clone();
        expected.Peer = ann.Direct; // the conversation as bob sees it
        pushed.ShouldBe(expected, "the friend gets the event as a message push");
        (await annTablet.Client.NextPushAsync(Body.Message)).Message.Message.Seq.ShouldBe(edit.Seq, "and so do the sender's other devices");
        var history = await HistoryAsync(bob, ann.Direct);
        history.Messages.Select(m => m.Seq).ShouldBe([seq, edit.Seq]);
        history.Messages[0].Text.ShouldBe("see you at 9");
        history.Messages[0].EditedAt.ShouldBe(edit.SentAt);
    }

    [Fact]
    public async Task An_edit_after_the_window_or_by_someone_else_is_refused_and_nothing_is_stored()
    {
        var (ann, bob) = await FriendsAsync();
        await using var _ = ann;
        await using var __ = bob;
        long seq = (await ann.SendTextAsync(bob.Direct, "mine")).SendMessageOk.Message.Seq;

        var byOther = (await EditAsync(bob, ann.Direct, seq, "yours")).Error;
        _time.Advance(EditWindow + TimeSpan.FromSeconds(1));
        var late = (await EditAsync(ann, bob.Direct, seq, "too late")).Error;

        byOther.Code.ShouldBe(ErrorCode.Forbidden);
        byOther.Message.ShouldContain("sender");
        late.Code.ShouldBe(ErrorCode.Forbidden);
        late.Message.ShouldContain("10 min");
        var history = await HistoryAsync(ann, bob.Direct);
        history.LastSeq.ShouldBe(seq);
        history.Messages.Single().Text.ShouldBe("mine");
        history.Messages.Single().EditedAt.ShouldBeNull();
    }

    [Fact]
    public async Task A_recall_within_the_window_leaves_a_placeholder_and_then_the_message_cannot_be_edited()
    {
        var (ann, bob) = await FriendsAsync();
        await using var _ = ann;
        await using var __ = bob;
        long seq = (await ann.SendTextAsync(bob.Direct, "wrong chat")).SendMessageOk.Message.Seq;
        await bob.Client.NextPushAsync(Body.Message);

        _time.Advance(RecallWindow - TimeSpan.FromSeconds(1));
        var recall = (await RecallAsync(ann, bob.Direct, seq)).RecallMessageOk.Event;
        var editAfter = (await EditAsync(ann, bob.Direct, seq, "back again")).Error;

        recall.Type.ShouldBe(MessageType.Recall);
        recall.TargetSeq.ShouldBe(seq);
        recall.Text.ShouldBeEmpty();
        (await bob.Client.NextPushAsync(Body.Message)).Message.Message.Type.ShouldBe(MessageType.Recall);
        editAfter.Code.ShouldBe(ErrorCode.Forbidden);
        editAfter.Message.ShouldContain("recalled");
        var original = (await HistoryAsync(bob, ann.Direct)).Messages[0];
        original.Recalled.ShouldBeTrue();
        original.Text.ShouldBeEmpty();
        var retry = (await RecallAsync(ann, bob.Direct, seq)).RecallMessageOk;
        retry.Duplicate.ShouldBeTrue("a second recall is a retry");
        retry.Event.Seq.ShouldBe(recall.Seq);
    }

    [Fact]
    public async Task A_recall_after_the_window_or_by_someone_else_is_refused()
    {
        var (ann, bob) = await FriendsAsync();
        await using var _ = ann;
        await using var __ = bob;
        long seq = (await ann.SendTextAsync(bob.Direct, "keep me")).SendMessageOk.Message.Seq;

        (await RecallAsync(bob, ann.Direct, seq)).Error.Code.ShouldBe(ErrorCode.Forbidden);
        _time.Advance(RecallWindow + TimeSpan.FromSeconds(1));
        var late = (await RecallAsync(ann, bob.Direct, seq)).Error;

        late.Code.ShouldBe(ErrorCode.Forbidden);
        late.Message.ShouldContain("1 min");
        (await RecallAsync(ann, bob.Direct, 999)).Error.Code.ShouldBe(ErrorCode.NotFound);
        (await HistoryAsync(bob, ann.Direct)).Messages.Single().Text.ShouldBe("keep me");
    }

    [Fact]
    public async Task An_offline_device_gets_the_edit_and_the_recall_in_order_when_it_comes_back()
    {
        var (ann, bob) = await FriendsAsync();
        await using var _ = ann;
        string conversation;
        long first;
        await using (var bobPhone = await Users.LoginAsync(Port, bob.UserId, device: "phone"))
        {
            var sent = (await ann.SendTextAsync(bob.Direct, "one")).SendMessageOk.Message;
            (conversation, first) = (sent.ConversationId, sent.Seq);
            await bobPhone.Client.NextPushAsync(Body.Message);
            await bobPhone.Client.SendAsync(new Envelope { RequestId = 7, Ack = new AckRequest { Cursors = { new ConversationCursor { ConversationId = conversation, Seq = first } } } });
            await bobPhone.Client.RequestAsync(new Envelope { Sync = new SyncRequest() }); // the ack is applied before the next request's answer
        }

        await bob.DisposeAsync();
        long second = (await ann.SendTextAsync(bob.Direct, "two")).SendMessageOk.Message.Seq;
        (await EditAsync(ann, bob.Direct, first, "one, edited")).BodyCase.ShouldBe(Body.EditMessageOk);
        (await RecallAsync(ann, bob.Direct, second)).BodyCase.ShouldBe(Body.RecallMessageOk);

        await using var back = await Users.LoginAsync(Port, bob.UserId, device: "phone");
        var talk = back.State.Talks.Single(t => t.ConversationId == conversation);
        talk.DeliveredSeq.ShouldBe(first);
        talk.LastSeq.ShouldBe(first + 3);
        var behind = (await back.Client.RequestAsync(new Envelope { Sync = new SyncRequest() })).SyncOk.Behind.Single();
        behind.LastSeq.ShouldBe(first + 3, "the safety net sees the events");
        var backlog = (await back.Client.RequestAsync(new Envelope { History = new HistoryRequest { Peer = ann.Direct, AfterSeq = talk.DeliveredSeq } })).HistoryOk;
        backlog.Messages.Select(m => (m.Seq, m.Type, m.TargetSeq)).ShouldBe(
            [(second, MessageType.Text, 0L), (second + 1, MessageType.Edit, first), (second + 2, MessageType.Recall, second)]);
        backlog.Messages[0].Recalled.ShouldBeTrue("the backlog holds the current version: the recalled text is gone");
        backlog.Messages[1].Text.ShouldBe("one, edited");
    }
}
