using Relink.Client.Model;
using Relink.Client.Tests.Fakes;

namespace Relink.Cli.Tests;

public class JsonLinesTests
{
    [Fact]
    public void A_received_message_prints_id_sender_conversation_seq_text_and_an_iso_time()
    {
        var message = Scenario.FromBob(3, "héllo \"you\" 你好").ToModel();

        JsonLines.Received(message).ShouldBe(
            """{"id":1003,"from":"bob","conversation":"d:alice:bob","seq":3,"text":"héllo \"you\" 你好","sentAt":"2026-03-01T12:00:03.000Z"}""");
    }

    [Fact]
    public void A_sent_message_prints_id_conversation_seq_and_text()
    {
        JsonLines.Sent(Scenario.FromAlice(7, "line\nbreak", "c-1").ToModel()).ShouldBe(
            """{"id":1007,"conversation":"d:alice:bob","seq":7,"text":"line\nbreak"}""");
    }
}
