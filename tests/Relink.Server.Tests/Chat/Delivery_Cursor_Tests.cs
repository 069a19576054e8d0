using Relink.Protocol.Messages;
using Relink.Testing;
using Relink.Testing.Server;
using Body = Relink.Protocol.Messages.Envelope.BodyOneofCase;

namespace Relink.Server.Tests.Chat;

/// <summary>
/// Delivery cursors are held in memory and written in bulk: a device never sees its own acks undone, a clean
/// shutdown keeps them all, and a crash costs only the acks since the last write, which come back as redeliveries.
/// </summary>
public sealed class Delivery_Cursor_Tests
{
    // Long enough that no timed flush happens during a test: what is written is what the tests make written.
    private static readonly string[] HeldForAMinute = ["--Relink:DeliveryCursorFlushInterval=1m"];

    [Fact]
    public async Task A_device_sees_its_own_acks_at_once_though_they_are_held()
    {
        await using var server = await TestServer.StartAsync(HeldForAMinute);
        var (ann, bob) = await FriendsAsync(server.TcpPort);
        await using (ann)
        await using (bob)
        {
            string conversation = await SendAndAckAsync(ann, bob, 3);

            var sync = (await bob.Client.RequestAsync(new Envelope { Sync = new SyncRequest() })).SyncOk;
            sync.Behind.ShouldNotContain(t => t.ConversationId == conversation, "acked up to its last message: nothing behind");
        }
    }

    [Fact]
    public async Task Held_cursors_survive_a_clean_shutdown()
    {
        await using var server = await TestServer.StartAsync(HeldForAMinute);
        var (ann, bob) = await FriendsAsync(server.TcpPort);
        string bobId = bob.UserId;
        await using (ann)
        await using (bob)
        {
            await SendAndAckAsync(ann, bob, 4);
        }

        await server.StopAsync();
        await server.StartAgainAsync();

        await using var back = await Users.LoginAsync(server.TcpPort, bobId);
        back.State.Talks.Single().DeliveredSeq.ShouldBe(4);
    }

    [Fact]
    public async Task After_a_crash_a_device_gets_back_only_what_it_acked_since_the_last_write()
    {
        await using var server = await ServerProcess.StartAsync(HeldForAMinute);
        var (ann, bob) = await FriendsAsync(server.TcpPort);
        string bobId = bob.UserId;
        await using (ann)
        await using (bob)
        {
            await SendAndAckAsync(ann, bob, 5);
            await bob.Client.RequestAsync(new Envelope { Sync = new SyncRequest() }); // a read of its cursors writes them
            await SendAndAckAsync(ann, bob, 3, firstSeq: 6);
            await server.KillAsync();
        }

        await server.StartAgainAsync();
        await using var back = await Users.LoginAsync(server.TcpPort, bobId);
        var talk = back.State.Talks.Single();
        talk.DeliveredSeq.ShouldBe(5, "the acks held since the last write are lost with the process");
        talk.LastSeq.ShouldBe(8, "no message is: messages 6..8 are delivered again, and the client drops them by sequence number");
    }

    private static async Task<(LoggedIn Ann, LoggedIn Bob)> FriendsAsync(int port)
    {
        var ann = await Users.NewAsync(port, Users.Unique("cura"));
        var bob = await Users.NewAsync(port, Users.Unique("curb"));
        await Users.BefriendAsync(ann, bob);
        return (ann, bob);
    }

    /// <summary>Ann sends <paramref name="count"/> messages; Bob receives each and acks them one by one, as a client does.</summary>
    private static async Task<string> SendAndAckAsync(LoggedIn ann, LoggedIn bob, int count, long firstSeq = 1)
    {
        string conversation = "";
        for (int i = 0; i < count; i++)
        {
            await ann.SendTextAsync(bob.Direct, $"m{firstSeq + i}");
            var push = (await bob.Client.NextPushAsync(Body.Message)).Message.Message;
            push.Seq.ShouldBe(firstSeq + i);
            conversation = push.ConversationId;
            // An ack is a request (its id is not 0) that gets no answer.
            await bob.Client.SendAsync(new Envelope { RequestId = 900, Ack = new AckRequest { Cursors = { new ConversationCursor { ConversationId = conversation, Seq = push.Seq } } } });
        }

        await bob.Client.RequestAsync(new Envelope { Ping = new Ping() }); // the acks before it have been handled
        return conversation;
    }
}
