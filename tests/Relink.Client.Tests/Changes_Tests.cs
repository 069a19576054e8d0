using Relink.Client.Tests.Fakes;
using Relink.Protocol.Messages;
using Relink.Testing;
using Wire = Relink.Protocol.Messages;

namespace Relink.Client.Tests;

/// <summary>Edits and recalls: sequenced like messages, raised as their own events, never read as messages.</summary>
public class Changes_Tests
{
    [Fact]
    public async Task Pushed_edits_and_recalls_are_raised_in_order_and_are_not_read_as_messages()
    {
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server);
        var changes = new List<(string Kind, long Seq, long Target, string Text)>();
        var recalled = new TaskCompletionSource();
        client.MessageEdited += (_, e) => { lock (changes) { changes.Add(("edited", e.Seq, e.TargetSeq, e.Text)); } };
        client.MessageRecalled += (_, e) => { lock (changes) { changes.Add(("recalled", e.Seq, e.TargetSeq, e.Text)); } recalled.TrySetResult(); };
        var connection = await Scenario.LoginAsync(client, server, Scenario.Login(Scenario.TalkWithBob(0, 0)));

        await connection.PushAsync(Scenario.FromBob(1, "helo"));
        await connection.PushAsync(Scenario.Change(Wire.MessageType.Edit, Scenario.Bob, 3, target: 1, "hello"));
        await connection.PushAsync(Scenario.FromBob(4));
        var pull = await connection.ExpectAsync(Envelope.BodyOneofCase.History); // 2 is missing: pulled, as for a message
        await connection.ReplyAsync(pull, Scenario.History(lastSeq: 5, hasMore: false, Scenario.FromBob(2), Scenario.Change(Wire.MessageType.Edit, Scenario.Bob, 3, 1, "hello"), Scenario.FromBob(4), Scenario.Change(Wire.MessageType.Recall, Scenario.Bob, 5, target: 2)));

        (await Scenario.ReadAsync(client, 3)).Select(m => m.Seq).ShouldBe([1L, 2L, 4L], "events are not messages to read");
        await recalled.Task.WithinDeadline("the recall event");
        lock (changes)
        {
            changes.ShouldBe([("edited", 3L, 1L, "hello"), ("recalled", 5L, 2L, "")], "each event once, in seq order");
        }
    }

    [Fact]
    public async Task An_own_edit_and_recall_return_their_events_and_move_the_cursor_so_the_next_push_needs_no_pull()
    {
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server);
        var connection = await Scenario.LoginAsync(client, server, Scenario.Login(Scenario.TalkWithBob(0, 0)));
        await connection.PushAsync(Scenario.FromBob(1));
        (await Scenario.ReadAsync(client, 1)).Single().Seq.ShouldBe(1);

        var editing = client.EditAsync(new Peer(ConversationKind.Direct, "bob"), 1, "fixed", clientMsgId: "e-1");
        var edit = await connection.ExpectAsync(Envelope.BodyOneofCase.EditMessage);
        edit.EditMessage.ShouldBe(new EditMessageRequest { ClientMsgId = "e-1", Peer = Scenario.UserPeer("bob"), Seq = 1, Text = "fixed" });
        await connection.ReplyAsync(edit, new Envelope { EditMessageOk = new ChangeMessageResponse { Event = Scenario.Change(Wire.MessageType.Edit, Scenario.Alice, 2, 1, "fixed") } });
        await editing.WithinDeadline("the edit's answer");
        var editEvent = await editing;
        var recalling = client.RecallAsync(new Peer(ConversationKind.Direct, "bob"), 1);
        var recall = await connection.ExpectAsync(Envelope.BodyOneofCase.RecallMessage);
        await connection.ReplyAsync(recall, new Envelope { RecallMessageOk = new ChangeMessageResponse { Event = Scenario.Change(Wire.MessageType.Recall, Scenario.Alice, 3, 1) } });
        await recalling.WithinDeadline("the recall's answer");
        var recallEvent = await recalling;
        await connection.PushAsync(Scenario.FromBob(4));

        editEvent.Type.ShouldBe(MessageType.Edit);
        editEvent.TargetSeq.ShouldBe(1);
        recallEvent.Type.ShouldBe(MessageType.Recall);
        (await Scenario.ReadAsync(client, 1)).Single().Seq.ShouldBe(4);
        var ping = client.PingAsync();
        (await connection.ReceiveAsync()).BodyCase.ShouldBe(Envelope.BodyOneofCase.Ping, "no history pull: the own events filled 2 and 3");
    }

    [Fact]
    public void The_current_version_of_a_message_maps_from_the_wire()
    {
        var edited = Scenario.FromBob(1, "new");
        edited.EditedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(Scenario.ServerClock);
        var recalled = Scenario.FromBob(2, "");
        recalled.Recalled = true;

        Model.WireMapping.ToModel(edited).EditedAt.ShouldBe(Scenario.ServerClock);
        Model.WireMapping.ToModel(recalled).Recalled.ShouldBeTrue();
        Model.WireMapping.ToModel(Scenario.Change(Wire.MessageType.Recall, Scenario.Bob, 3, 2)).IsChange.ShouldBeTrue();
    }
}
