using Relink.Client;
using Relink.Testing.Server;

namespace Relink.EndToEnd.Tests;

/// <summary>
/// A group whose history is visible from a member's join: a .NET client that left and was added again still holds
/// its old position in the group, and must not wait for the messages it may not see.
/// </summary>
public sealed class Group_Rejoin_Tests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_member_who_left_and_was_added_again_gets_the_messages_after_the_return()
    {
        string annId = Clients.UniqueId("ann"), bobId = Clients.UniqueId("bob");
        await using var ann = await Clients.NewUserAsync(_server, annId);
        await using var bob = await Clients.NewUserAsync(_server, bobId);
        await _server.MakeFriendsAsync(annId, bobId);
        var group = await ann.CreateGroupAsync("from join", [bobId]);
        var peer = Peers.Group(group.GroupId);
        await ann.SendTextAsync(peer, "before");
        (await ReceiveUntilAsync(bob, "before")).ShouldNotBeEmpty();

        await bob.LeaveGroupAsync(group.GroupId);
        await ann.SendTextAsync(peer, "while out");
        await ann.InviteToGroupAsync(group.GroupId, bobId);
        await ann.SendTextAsync(peer, "after");

        var seen = await ReceiveUntilAsync(bob, "after");
        seen.Select(m => m.Text).ShouldNotContain("while out");
        seen.ShouldContain(m => m.Type == MessageType.MemberJoined, "bob's return, the first message he may see again");
        seen.Select(m => m.Seq).ShouldBeInOrder(SortDirection.Ascending);
    }

    // Reads the client's messages until one with this text: a stalled conversation times out here.
    private static async Task<List<ChatMessage>> ReceiveUntilAsync(RelinkClient client, string text)
    {
        var seen = new List<ChatMessage>();
        while (seen.Count == 0 || seen[^1].Text != text)
        {
            seen.AddRange(await Clients.ReceiveAsync(client, 1));
        }

        return seen;
    }
}
