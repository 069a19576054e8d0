using Relink.Protocol.Messages;
using Relink.Testing;
using Body = Relink.Protocol.Messages.Envelope.BodyOneofCase;

namespace Relink.Server.Tests.Chat;

public sealed class Sync_Tests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private int Port => fixture.Server.TcpPort;

    [Fact]
    public async Task Sync_lists_the_talks_this_device_has_not_acknowledged_up_to_their_last_seq()
    {
        var ann = await Users.NewAsync(Port, Users.Unique("sa"));
        var bob = await Users.NewAsync(Port, Users.Unique("sb"));
        await using var _ = ann;
        await using var __ = bob;
        await Users.BefriendAsync(ann, bob);
        await ann.SendTextAsync(bob.Direct, "one");
        var second = (await ann.SendTextAsync(bob.Direct, "two")).SendMessageOk.Message;

        var behind = (await bob.Client.RequestAsync(new Envelope { Sync = new SyncRequest() })).SyncOk;
        behind.HasMore.ShouldBeFalse();
        var talk = behind.Behind.ShouldHaveSingleItem();
        talk.ConversationId.ShouldBe(second.ConversationId);
        talk.Peer.ShouldBe(new Peer { Kind = ConversationKind.Direct, Id = ann.UserId });
        talk.LastSeq.ShouldBe(2);
        talk.DeliveredSeq.ShouldBe(0);

        // Once the device acknowledged the last seq, it is behind on nothing.
        await bob.Client.SendAsync(new Envelope { RequestId = 900, Ack = new AckRequest { Cursors = { new ConversationCursor { ConversationId = second.ConversationId, Seq = 2 } } } });
        var after = await bob.Client.RequestAsync(new Envelope { Sync = new SyncRequest() });
        after.BodyCase.ShouldBe(Body.SyncOk);
        after.SyncOk.Behind.ShouldBeEmpty("requests on a connection run in order: the ack was stored first");
    }

    [Fact]
    public async Task Sync_needs_a_login()
    {
        await using var client = await RawClient.ConnectAsync(Port);

        var answer = await client.RequestAsync(new Envelope { Sync = new SyncRequest() });

        answer.Error.Code.ShouldBe(ErrorCode.NotAuthenticated);
    }
}
