using Relink.Testing.Server;
using static Microsoft.Playwright.Assertions;

namespace Relink.Web.Tests;

[Collection(BrowserCollection.Name)]
public sealed class Talk_List_Tests(BrowserFixture browser)
{
    [Fact]
    public async Task A_message_for_a_talk_that_is_not_open_raises_its_badge_and_moves_it_to_the_top()
    {
        await using var server = await TestServer.StartAsync();
        await Accounts.CreateFriendsAsync(server, "alice", "bob", "carol");
        await using (var sdkAlice = await Accounts.SignInAsync(server, "alice"))
        {
            await sdkAlice.OpenTalkAsync(Accounts.Direct("carol"));
            await sdkAlice.SendTextAsync(Accounts.Direct("carol"), "hi Carol");
            await sdkAlice.OpenTalkAsync(Accounts.Direct("bob"));
            await sdkAlice.SendTextAsync(Accounts.Direct("bob"), "hi Bob");
        }

        await using var carol = await Accounts.SignInAsync(server, "carol");
        await using var alice = await browser.SignedInAsync(server, "alice");
        var names = alice.Talks.GetByTestId("talk-name");
        await Expect(names).ToHaveTextAsync(["Bob", "Carol"]);
        await alice.OpenTalkAsync("Bob");

        await carol.SendTextAsync(Accounts.Direct("alice"), "one");
        await carol.SendTextAsync(Accounts.Direct("alice"), "two");

        await Expect(names).ToHaveTextAsync(["Carol", "Bob"]);
        await Expect(alice.UnreadBadge("Carol")).ToHaveTextAsync("2");
        await Expect(alice.Talk("Carol").GetByTestId("talk-sketch")).ToHaveTextAsync("two");
        await Expect(alice.UnreadBadge("Bob")).ToHaveCountAsync(0);
        await alice.ExpectBubblesAsync("hi Bob"); // the open talk is untouched

        await alice.OpenTalkAsync("Carol");
        await alice.ExpectBubblesAsync("hi Carol", "one", "two");
        await Expect(alice.UnreadBadge("Carol")).ToHaveCountAsync(0);
        await alice.SendEmojiAsync("f_01");
        await alice.ExpectBubblesAsync("hi Carol", "one", "two", "😀");
        await alice.Page.Mouse.MoveAsync(700, 300);
        await alice.ScreenshotAsync("talk-list-and-chat");

        // Read on the server too: a reload (a resumed session with a fresh talk list) shows no badge.
        await alice.Page.ReloadAsync();
        await alice.ExpectSignedInAsync();
        await Expect(names).ToHaveTextAsync(["Carol", "Bob"]);
        await Expect(alice.Page.GetByTestId("unread")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task More_than_99_unread_messages_show_as_99_plus_and_deleting_a_talk_removes_it()
    {
        await using var server = await TestServer.StartAsync();
        await Accounts.CreateFriendsAsync(server, "alice", "bob", "carol");
        await using (var carol = await Accounts.SignInAsync(server, "carol"))
        {
            await carol.OpenTalkAsync(Accounts.Direct("alice"));
            await Task.WhenAll(Enumerable.Range(1, 100).Select(i => carol.SendTextAsync(Accounts.Direct("alice"), $"message {i}")));
        }

        await using var alice = await browser.SignedInAsync(server, "alice");
        await Expect(alice.UnreadBadge("Carol")).ToHaveTextAsync("99+");

        await alice.Talk("Carol").HoverAsync();
        await alice.Talk("Carol").GetByTestId("talk-delete").ClickAsync();
        await Expect(alice.Talks).ToHaveCountAsync(0);
        await alice.Page.ReloadAsync();
        await alice.ExpectSignedInAsync();
        await Expect(alice.Page.GetByTestId("talk-list")).ToContainTextAsync("No talks yet");
    }
}
