using Relink.Client;
using Relink.Testing.Server;

namespace Relink.EndToEnd.Tests;

/// <summary>
/// Issue 5, bounded replay: a user away for a long time comes back to a backlog far larger than one page (the server
/// answers at most 200 messages per page) and gets all of it, each message once, in each conversation's order, before
/// anything newer.
/// </summary>
public sealed class Backlog_Tests
{
    private const int DirectBacklog = 700;
    private const int GroupBacklog = 450;

    [Fact]
    public async Task A_user_back_after_a_long_absence_gets_a_backlog_of_many_pages_once_and_in_order()
    {
        await using var server = await TestServer.StartAsync();
        string[] ids = await ReconnectKit.FriendsAsync(server, "lann", "lbob", "lcat");
        var toBob = Peers.User(ids[1]);
        string groupId;
        await using (var ann = await ReconnectKit.LoginAsync(server.TcpEndpoint, ids[0]))
        await using (var cat = await ReconnectKit.LoginAsync(server.TcpEndpoint, ids[2]))
        {
            groupId = (await ann.CreateGroupAsync("while bob was away", [ids[1], ids[2]])).GroupId;
            await Task.WhenAll(
                ReceivedTexts.SendAllAsync(ann, toBob, Enumerable.Range(1, DirectBacklog).Select(i => $"a{i}")),
                ReceivedTexts.SendAllAsync(cat, Peers.Group(groupId), Enumerable.Range(1, GroupBacklog).Select(i => $"g{i}")));
        }

        await using var bob = await ReconnectKit.LoginAsync(server.TcpEndpoint, ids[1], device: "phone");
        var backlog = await Clients.ReceiveAsync(bob, DirectBacklog + GroupBacklog, TimeSpan.FromMinutes(2));

        backlog.Where(m => m.ConversationId == "g:" + groupId).Select(m => m.Text)
            .ShouldBe(Enumerable.Range(1, GroupBacklog).Select(i => $"g{i}"));
        backlog.Where(m => m.ConversationId != "g:" + groupId).Select(m => m.Text)
            .ShouldBe(Enumerable.Range(1, DirectBacklog).Select(i => $"a{i}"));

        // Nothing of the backlog comes again: the next message bob sees is the one sent after it.
        await using var annAgain = await ReconnectKit.LoginAsync(server.TcpEndpoint, ids[0]);
        await annAgain.SendTextAsync(toBob, "welcome back");
        (await ReceivedTexts.NextAsync(bob, 1)).ShouldBe(["welcome back"]);
    }
}
