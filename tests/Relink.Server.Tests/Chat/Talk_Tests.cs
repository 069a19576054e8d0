using Relink.Protocol.Messages;
using Body = Relink.Protocol.Messages.Envelope.BodyOneofCase;

namespace Relink.Server.Tests.Chat;

public sealed class Talk_Tests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private int Port => fixture.Server.TcpPort;

    private static async Task<IList<Talk>> TalksAsync(LoggedIn user) =>
        (await user.Client.RequestAsync(new Envelope { ListTalks = new ListTalksRequest() })).ListTalksOk.Talks;

    [Fact]
    public async Task Opening_a_talk_shows_it_on_both_sides_and_tells_the_friend()
    {
        await using var ann = await Users.NewAsync(Port, Users.Unique("ta"));
        await using var bob = await Users.NewAsync(Port, Users.Unique("tb"));
        await Users.BefriendAsync(ann, bob);

        var opened = (await ann.Client.RequestAsync(new Envelope { OpenTalk = new OpenTalkRequest { Peer = bob.Direct } })).TalkOk.Talk;
        opened.Name.ShouldBe(bob.UserId.ToUpperInvariant());
        (await bob.Client.NextPushAsync(Body.TalkOpened)).TalkOpened.Talk.Peer.Id.ShouldBe(ann.UserId);
        (await TalksAsync(bob)).Select(t => t.Peer.Id).ShouldBe([ann.UserId]);
    }

    [Fact]
    public async Task The_talk_list_is_ordered_by_last_activity_with_sketches_and_unread_counts()
    {
        await using var ann = await Users.NewAsync(Port, Users.Unique("tc"));
        await using var bob = await Users.NewAsync(Port, Users.Unique("td"));
        await using var cat = await Users.NewAsync(Port, Users.Unique("te"));
        await Users.BefriendAsync(ann, bob);
        await Users.BefriendAsync(ann, cat);

        await bob.SendTextAsync(ann.Direct, "from bob");
        await cat.SendTextAsync(ann.Direct, "from cat, a rather long message that gets cut in the sketch");
        await bob.SendTextAsync(ann.Direct, "bob again");

        var talks = await TalksAsync(ann);
        talks.Select(t => t.Peer.Id).ShouldBe([bob.UserId, cat.UserId]);
        talks[0].Unread.ShouldBe(2);
        talks[0].Sketch.ShouldBe("bob again");
        talks[1].Sketch.ShouldBe("from cat, a rather long messag…");

        var left = (await ann.Client.RequestAsync(new Envelope { MarkRead = new MarkReadRequest { Peer = bob.Direct, Seq = talks[0].LastSeq } })).MarkReadOk;
        left.Unread.ShouldBe(0);
        (await TalksAsync(ann))[0].Unread.ShouldBe(0);
        (await TalksAsync(bob))[0].Unread.ShouldBe(0); // own messages are never unread
    }

    [Fact]
    public async Task Deleting_a_talk_keeps_its_history_and_a_new_message_brings_it_back()
    {
        await using var ann = await Users.NewAsync(Port, Users.Unique("tf"));
        await using var bob = await Users.NewAsync(Port, Users.Unique("tg"));
        await Users.BefriendAsync(ann, bob);
        await bob.SendTextAsync(ann.Direct, "first");

        (await ann.Client.RequestAsync(new Envelope { DeleteTalk = new DeleteTalkRequest { Peer = bob.Direct } })).BodyCase.ShouldBe(Body.TalkOk);
        (await TalksAsync(ann)).ShouldBeEmpty();
        (await ann.Client.RequestAsync(new Envelope { History = new HistoryRequest { Peer = bob.Direct } })).HistoryOk.Messages.Count.ShouldBe(1);

        await bob.SendTextAsync(ann.Direct, "second");
        (await TalksAsync(ann)).Single().Sketch.ShouldBe("second");
    }

    [Fact]
    public async Task Group_sketches_name_the_sender()
    {
        await using var ann = await Users.NewAsync(Port, Users.Unique("th"));
        var group = (await ann.Client.RequestAsync(new Envelope { CreateGroup = new CreateGroupRequest { Name = "sketchers" } })).GroupOk.Group;
        await ann.SendTextAsync(PeerOf.Group(group.GroupId), "hello");
        var talk = (await TalksAsync(ann)).Single();
        talk.Name.ShouldBe("sketchers");
        talk.Sketch.ShouldBe(ann.UserId.ToUpperInvariant() + ": hello");
    }

    [Fact]
    public async Task A_sketch_cut_keeps_an_emoji_whole()
    {
        await using var ann = await Users.NewAsync(Port, Users.Unique("ti"));
        await using var bob = await Users.NewAsync(Port, Users.Unique("tj"));
        await Users.BefriendAsync(ann, bob);
        const string text = "Are we still on for tonight? 🍕 See you there"; // the pizza is UTF-16 units 29 and 30
        await bob.SendTextAsync(ann.Direct, text);

        (await TalksAsync(ann)).Single().Sketch.ShouldBe("Are we still on for tonight? 🍕…");
    }
}
