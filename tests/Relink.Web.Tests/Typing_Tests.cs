using Relink.Client;
using Relink.Storage;
using Relink.Testing;
using Relink.Testing.Server;
using static Microsoft.Playwright.Assertions;

namespace Relink.Web.Tests;

/// <summary>
/// The typing line in the browser, driven by friends on the .NET SDK; and the browser's own typing reaching them.
/// The server's typing interval is short (1 s, so a signal lives 2 s) so that expiry is quick to wait for.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class Typing_Tests(BrowserFixture browser)
{
    [Fact]
    public async Task A_typist_who_sends_no_pause_is_forgotten_by_the_time_to_live()
    {
        await using var server = await TestServer.StartAsync(["--typing-interval", "1s"]);
        await Accounts.CreateFriendsAsync(server, "alice", "bob");
        await server.Get<IChatStore>().OpenTalkAsync(["alice", "bob"], ConversationId.Direct("alice", "bob"), DateTimeOffset.Now.AddDays(-1));
        await using var bob = await Accounts.SignInAsync(server, "bob");
        await using var alice = await browser.SignedInAsync(server, "alice");
        var line = alice.Page.GetByTestId("typing");

        await alice.OpenTalkAsync("Bob");
        await Expect(line).ToHaveAttributeAsync("aria-live", "polite");
        await bob.SendTypingAsync(Peers.User("alice"), typing: true);
        await Expect(line).ToHaveTextAsync("Bob is typing…");
        await Expect(line).ToHaveTextAsync("", new() { Timeout = 30_000 }); // no "paused" came: the 2 s time to live ends it
    }

    [Fact]
    public async Task The_open_group_says_who_is_typing_by_name_then_by_count()
    {
        // A long interval (a signal lives 60 s), so that nobody expires while a loaded box delivers the next signal.
        await using var server = await TestServer.StartAsync(["--typing-interval", "30s"]);
        await Accounts.CreateFriendsAsync(server, "alice", "bob", "carol", "dan");
        var (groupId, _) = await Conversations.GroupAsync(server, "Hikers", "alice", "bob", "carol", "dan");
        await using var bob = await Accounts.SignInAsync(server, "bob");
        await using var carol = await Accounts.SignInAsync(server, "carol");
        await using var dan = await Accounts.SignInAsync(server, "dan");
        await using var alice = await browser.SignedInAsync(server, "alice");
        var line = alice.Page.GetByTestId("typing");

        await alice.OpenTalkAsync("Hikers");
        var group = Peers.Group(groupId);
        await bob.SendTypingAsync(group, typing: true);
        await carol.SendTypingAsync(group, typing: true);
        await Expect(line).ToHaveTextAsync("Bob and Carol are typing…"); // alphabetical, whichever signal came first
        await dan.SendTypingAsync(group, typing: true);
        await Expect(line).ToHaveTextAsync("3 people are typing…");
        await carol.SendTextAsync(group, "here I am"); // a message ends its sender's typing
        await Expect(line).ToHaveTextAsync("Bob and Dan are typing…");
        await bob.SendTypingAsync(group, typing: false);
        await Expect(line).ToHaveTextAsync("Dan is typing…");
    }

    [Fact]
    public async Task Typing_in_the_composer_tells_the_friend_and_clearing_it_says_stopped()
    {
        await using var server = await TestServer.StartAsync();
        await Accounts.CreateFriendsAsync(server, "alice", "bob");
        await server.Get<IChatStore>().OpenTalkAsync(["alice", "bob"], ConversationId.Direct("alice", "bob"), DateTimeOffset.Now.AddDays(-1));
        await using var bob = await Accounts.SignInAsync(server, "bob");
        await using var alice = await browser.SignedInAsync(server, "alice");
        await alice.OpenTalkAsync("Bob");

        await alice.Page.GetByTestId("composer").PressSequentiallyAsync("Hel");
        await Eventually.TrueAsync(() => bob.WhoIsTyping(Peers.User("alice")) is [{ UserId: "alice", Nickname: "Alice" }], "bob to see alice typing");

        await alice.Page.GetByTestId("composer").FillAsync("");
        await Eventually.TrueAsync(() => bob.WhoIsTyping(Peers.User("alice")).Count == 0, "alice's cleared draft to end her typing for bob");
    }
}
