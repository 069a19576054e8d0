using Relink.Testing.Server;
using Shouldly;
using static Microsoft.Playwright.Assertions;

namespace Relink.Web.Tests;

/// <summary>
/// The safety net under pushes, in the browser: a push is a fast hint and the store is the truth. Pushes are
/// dropped on purpose by taking the tab's session out of the server's router while messages are stored (nothing
/// reaches it, as if the push were lost), then putting it back.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class Lost_Push_Tests(BrowserFixture browser)
{
    [Fact]
    public async Task A_push_the_server_drops_reaches_the_open_tab_by_its_next_sync()
    {
        await using var server = await TestServer.StartAsync();
        await Accounts.CreateFriendsAsync(server, "alice", "bob");
        await using var alice = await Accounts.SignInAsync(server, "alice");
        await using var bob = await browser.OpenAsync(server);
        // A 1 s sync stands in for the default minute; the expectation's deadline (30 s) stays generous for a loaded machine.
        await bob.Page.GotoAsync("/?syncIntervalMs=1000");
        bob.Watch();
        await bob.SignInAsync("bob");

        await alice.SendTextAsync(Accounts.Direct("bob"), "pushed");
        await bob.OpenTalkAsync("Alice");
        await bob.ExpectBubblesAsync("pushed");

        // Drop one push: nothing else would bring this message (no later message, no reconnect).
        await server.DropPushesToAsync("bob", [], () => alice.SendTextAsync(Accounts.Direct("bob"), "never pushed"));

        await bob.ExpectBubblesAsync("pushed", "never pushed");
        bob.WebSocketsOpened.ShouldBe(1, "the message came by the sync, not by a new session's catch-up");
        await Expect(bob.Banner).ToBeHiddenAsync();
    }

    [Fact]
    public async Task A_group_first_met_in_a_push_after_a_hole_shows_every_message_in_order()
    {
        await using var server = await TestServer.StartAsync();
        await Accounts.CreateFriendsAsync(server, "alice", "bob");
        await using var alice = await Accounts.SignInAsync(server, "alice");
        // The default sync interval (a minute): only the wait for the device's cursor can bring the hole in time.
        await using var bob = await browser.SignedInAsync(server, "bob");
        bob.Watch();

        // A group made after Bob signed in: its conversation is not in his talk list, so its first push does not
        // say where his device starts. Its first two messages never reach him as pushes; the third does.
        var group = await alice.CreateGroupAsync("Trip", ["bob"]);
        await bob.Page.GetByTestId("tab-friends").ClickAsync();
        await Expect(bob.Page.GetByTestId("groups").GetByTestId("person-name")).ToHaveTextAsync(["Trip"]);
        await server.DropPushesToAsync("bob", [group.GroupId], async () =>
        {
            await alice.SendTextAsync(Accounts.Group(group.GroupId), "one");
            await alice.SendTextAsync(Accounts.Group(group.GroupId), "two");
        });
        await alice.SendTextAsync(Accounts.Group(group.GroupId), "three");

        // Starting at the first push seen would deliver only "three" and acknowledge past the others for good:
        // one new message, the others only in the scrollback as if already seen.
        await bob.Page.GetByTestId("tab-chats").ClickAsync();
        await Expect(bob.Talk("Trip").GetByTestId("talk-sketch")).ToHaveTextAsync("Alice: three");
        await Expect(bob.UnreadBadge("Trip")).ToHaveTextAsync("3");
        await bob.OpenTalkAsync("Trip");
        await bob.ExpectBubblesAsync("one", "two", "three");
        bob.WebSocketsOpened.ShouldBe(0, "no new session brought them");
    }
}
