using Relink.Client.Tests.Fakes;
using Relink.Protocol.Messages;
using Relink.Testing;

namespace Relink.Cli.Tests;

/// <summary><c>relink receipts [on|off]</c>: sets or shows whether this user sends read receipts.</summary>
public class Receipts_Command_Tests
{
    [Fact]
    public async Task Receipts_off_sends_the_setting_and_prints_it()
    {
        await using var server = FakeServer.Start();
        var console = new TestConsole();

        var running = console.RunAsync("receipts", "off", "-s", server.Address, "-u", "alice", "-p", "secret-password");
        var connection = await CliSession_Tests.LoginAsync(server);
        var request = await connection.ExpectAsync(Envelope.BodyOneofCase.ReadReceipts);
        request.ReadReceipts.ShouldBe(new ReadReceiptsRequest { Enabled = false });
        await connection.ReplyAsync(request, new Envelope { ReadReceiptsOk = new ReadReceiptsResponse { Enabled = false } });

        (await Eventually.WithinAsync(running, "relink receipts off")).ShouldBe(0, console.Error.Text);
        console.Output.Lines.ShouldBe(["""{"readReceipts":false}"""]);
    }

    [Fact]
    public async Task Receipts_without_an_argument_only_reads_the_setting()
    {
        await using var server = FakeServer.Start();
        var console = new TestConsole();

        var running = console.RunAsync("receipts", "-s", server.Address, "-u", "alice", "-p", "secret-password");
        var connection = await CliSession_Tests.LoginAsync(server);
        var request = await connection.ExpectAsync(Envelope.BodyOneofCase.ReadReceipts);
        request.ReadReceipts.HasEnabled.ShouldBeFalse();
        await connection.ReplyAsync(request, new Envelope { ReadReceiptsOk = new ReadReceiptsResponse { Enabled = true } });

        (await Eventually.WithinAsync(running, "relink receipts")).ShouldBe(0, console.Error.Text);
        console.Output.Lines.ShouldBe(["""{"readReceipts":true}"""]);
    }

    [Fact]
    public async Task Receipts_takes_only_on_or_off()
    {
        (await new TestConsole().RunAsync("receipts", "maybe", "-s", "localhost:1", "-u", "alice", "-p", "secret-password")).ShouldBe(1);
    }
}
