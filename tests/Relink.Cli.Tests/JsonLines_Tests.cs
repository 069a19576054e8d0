using Relink.Client;

namespace Relink.Cli.Tests;

public class JsonLines_Tests
{
    [Fact]
    public void A_received_message_prints_id_sender_conversation_seq_text_and_an_iso_time()
    {
        var message = Direct("bob", 3, "héllo \"you\" 你好");

        JsonLines.Received(message).ShouldBe(
            """{"id":1003,"from":"bob","conversation":"d:alice:bob","seq":3,"text":"héllo \"you\" 你好","sentAt":"2026-03-01T12:00:03.000Z"}""");
    }

    [Fact]
    public void A_sent_message_prints_id_conversation_seq_and_text()
    {
        JsonLines.Sent(Direct("alice", 7, "line\nbreak") with { ClientMsgId = "c-1" }).ShouldBe(
            """{"id":1007,"conversation":"d:alice:bob","seq":7,"text":"line\nbreak"}""");
    }

    // A message of alice's conversation with bob, as the SDK hands it to the CLI.
    private static ChatMessage Direct(string sender, long seq, string text) => new()
    {
        Id = 1000 + seq,
        ConversationId = "d:alice:bob",
        Peer = Peers.User("bob"),
        Seq = seq,
        Sender = new UserProfile { UserId = sender, Nickname = sender },
        Type = MessageType.Text,
        Text = text,
        SentAt = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero).AddSeconds(seq),
    };
}
