using Relink.Protocol.Messages;
using Relink.Testing.Server;

namespace Relink.Server.Tests.Chat;

/// <summary>
/// Talk lists carry at most a byte budget of messages; a talk whose latest messages were cut says how many, so a
/// client knows to page them instead of taking a short list for the whole of it.
/// </summary>
public sealed class Talk_Budget_Tests : IAsyncLifetime
{
    private const int MessagesPerTalk = 10;
    private TestServer _server = null!;

    // The smallest budget the server takes (64 KiB), and a login answer with no messages at all.
    public async Task InitializeAsync() =>
        _server = await TestServer.StartAsync(["--Relink:PageBudgetBytes=65536", "--Relink:LoginMessageBudgetBytes=0"]);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_cut_talk_list_says_per_talk_how_many_latest_messages_it_left_out_and_paging_finds_them()
    {
        await using var ann = await Users.NewAsync(_server.TcpPort, Users.Unique("cut"));
        var friends = new List<LoggedIn>();
        for (int f = 0; f < 3; f++)
        {
            var friend = await Users.NewAsync(_server.TcpPort, Users.Unique("cutf"));
            friends.Add(friend);
            await Users.BefriendAsync(ann, friend);
            for (int i = 1; i <= MessagesPerTalk; i++)
            {
                await friend.SendTextAsync(ann.Direct, $"{i}:" + new string('x', 4_000 - 3)); // ~4 KB each, 40 KB a talk
            }
        }

        var talks = (await ann.Client.RequestAsync(new Envelope { ListTalks = new ListTalksRequest { LatestPerTalk = MessagesPerTalk } })).ListTalksOk.Talks;

        talks.Count.ShouldBe(3);
        talks[0].Latest.Count.ShouldBe(MessagesPerTalk, "the newest talk fits whole");
        talks[0].LatestOmitted.ShouldBe(0);
        talks[1].LatestOmitted.ShouldBeGreaterThan(0, "120 KB of messages cannot fit in 64 KiB");
        talks[2].LatestOmitted.ShouldBeGreaterThan(0);
        foreach (var talk in talks)
        {
            (talk.Latest.Count + talk.LatestOmitted).ShouldBe(MessagesPerTalk, "what is carried and what is said to be missing add up to what was asked");

            // The missing ones are those just before latest[0] (the newest ones for an empty latest).
            long before = talk.Latest.Count > 0 ? talk.Latest[0].Seq : 0;
            var page = (await ann.Client.RequestAsync(new Envelope { History = new HistoryRequest { Peer = talk.Peer, BeforeSeq = before, Limit = talk.LatestOmitted } })).HistoryOk;
            if (talk.LatestOmitted > 0)
            {
                page.Messages.Select(m => m.Seq).ShouldBe(Enumerable.Range(MessagesPerTalk - talk.Latest.Count - talk.LatestOmitted + 1, talk.LatestOmitted).Select(s => (long)s));
            }
        }

        // The login answer has the same flag: with a budget of 0 every talk's messages are left out, and said so.
        await using var again = await Users.LoginAsync(_server.TcpPort, ann.UserId, device: "other");
        again.State.Talks.ShouldAllBe(t => t.Latest.Count == 0 && t.LatestOmitted == 10);

        foreach (var friend in friends)
        {
            await friend.DisposeAsync();
        }
    }
}
