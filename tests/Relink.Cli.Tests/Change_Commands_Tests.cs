using Relink.Client.Tests.Fakes;
using Relink.Protocol.Messages;
using Relink.Testing;
using Wire = Relink.Protocol.Messages;

namespace Relink.Cli.Tests;

/// <summary><c>relink edit</c>, <c>relink recall</c>, and the edit and recall lines of <c>relink listen --events</c>.</summary>
public class Change_Commands_Tests
{
    [Fact]
    public async Task Edit_sends_the_new_text_for_the_seq_and_prints_the_edit_event()
    {
        await using var server = FakeServer.Start();
        var console = new TestConsole();

        var running = console.RunAsync("edit", "-s", server.Address, "-u", "alice", "-p", "secret-password", "--to", "bob", "7", "see", "you", "at", "9");
        var connection = await CliSession_Tests.LoginAsync(server);
        var edit = await connection.ExpectAsync(Envelope.BodyOneofCase.EditMessage);
        edit.EditMessage.Peer.ShouldBe(Scenario.UserPeer("bob"));
        edit.EditMessage.Seq.ShouldBe(7);
        edit.EditMessage.Text.ShouldBe("see you at 9");
        edit.EditMessage.ClientMsgId.ShouldNotBeEmpty();
        await connection.ReplyAsync(edit, new Envelope { EditMessageOk = new ChangeMessageResponse { Event = Scenario.Change(Wire.MessageType.Edit, Scenario.Alice, 9, 7, "see you at 9") } });

        (await Eventually.WithinAsync(running, "relink edit")).ShouldBe(0, console.Error.Text);
        console.Output.Lines.ShouldBe([
            """{"event":"edited","from":"alice","conversation":"d:alice:bob","seq":9,"targetSeq":7,"text":"see you at 9","at":"2026-03-01T12:00:09.000Z"}""",
        ]);
    }

    [Fact]
    public async Task A_recall_past_the_window_exits_4_with_the_error_code_on_stderr()
    {
        await using var server = FakeServer.Start();
        var console = new TestConsole();

        var running = console.RunAsync("recall", "-s", server.Address, "-u", "alice", "-p", "secret-password", "--group", "1001", "3");
        var connection = await CliSession_Tests.LoginAsync(server);
        var recall = await connection.ExpectAsync(Envelope.BodyOneofCase.RecallMessage);
        recall.RecallMessage.ShouldBe(new RecallMessageRequest { Peer = Scenario.GroupPeer("1001"), Seq = 3 });
        await connection.ReplyErrorAsync(recall, Relink.Client.ErrorCode.Forbidden, "Too late to recall: a message can be changed this way for 2 min after it was sent.");

        (await Eventually.WithinAsync(running, "relink recall")).ShouldBe(4);
        console.Error.Text.ShouldContain("Too late to recall");
        console.Error.Text.ShouldContain("(Forbidden)");
        console.Output.Lines.ShouldBeEmpty();
    }

    [Fact]
    public async Task Edit_needs_exactly_one_conversation_and_a_positive_seq()
    {
        var console = new TestConsole();

        (await console.RunAsync("edit", "-s", "localhost:1", "-u", "alice", "-p", "secret-password", "7", "text")).ShouldBe(1);
        (await console.RunAsync("recall", "-s", "localhost:1", "-u", "alice", "-p", "secret-password", "--to", "bob", "0")).ShouldBe(1);
    }

    [Fact]
    public async Task Listen_with_events_prints_edits_and_recalls_and_without_it_only_messages()
    {
        foreach (bool events in new[] { true, false })
        {
            await using var server = FakeServer.Start();
            var console = new TestConsole();
            using var interrupt = new CancellationTokenSource();
            string[] args = ["listen", "-s", server.Address, "-u", "alice", "-p", "secret-password"];
            var running = console.RunAsync(interrupt.Token, events ? [.. args, "--events"] : args);
            var connection = await CliSession_Tests.LoginAsync(server, Scenario.Login(Scenario.TalkWithBob(0, 0)));

            await connection.PushAsync(Scenario.FromBob(1, "helo"));
            await connection.PushAsync(Scenario.Change(Wire.MessageType.Edit, Scenario.Bob, 2, 1, "hello"));
            await connection.PushAsync(Scenario.Change(Wire.MessageType.Recall, Scenario.Bob, 3, 1));
            await connection.PushAsync(Scenario.FromBob(4, "last"));
            await console.OutputLinesAsync(events ? 4 : 2);
            await interrupt.CancelAsync();

            (await Eventually.WithinAsync(running, "relink listen to stop")).ShouldBe(0);
            var lines = console.Output.Lines.Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
            lines.Select(l => l.GetProperty("seq").GetInt64()).Order().ShouldBe(events ? [1L, 2, 3, 4] : [1L, 4]);
            if (events)
            {
                console.Output.Lines.ShouldContain("""{"event":"edited","from":"bob","conversation":"d:alice:bob","seq":2,"targetSeq":1,"text":"hello","at":"2026-03-01T12:00:02.000Z"}""");
                console.Output.Lines.ShouldContain("""{"event":"recalled","from":"bob","conversation":"d:alice:bob","seq":3,"targetSeq":1,"at":"2026-03-01T12:00:03.000Z"}""");
            }
            else
            {
                lines.Count(l => l.TryGetProperty("event", out var _)).ShouldBe(0, "plain listen output is unchanged");
            }
        }
    }
}
