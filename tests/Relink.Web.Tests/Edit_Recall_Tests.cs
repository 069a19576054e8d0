using Relink.Testing.Server;
using static Microsoft.Playwright.Assertions;

namespace Relink.Web.Tests;

/// <summary>The message menu on one's own messages: Edit and Recall within the server's windows, seen live by the friend and after a reload.</summary>
[Collection(BrowserCollection.Name)]
public sealed class Edit_Recall_Tests(BrowserFixture browser)
{
    [Fact]
    public async Task The_sender_edits_and_recalls_from_the_message_menu_and_the_friend_sees_it_live_and_after_a_reload()
    {
        await using var server = await TestServer.StartAsync();
        await Accounts.CreateFriendsAsync(server, "alice", "bob");
        await using var alice = await browser.SignedInAsync(server, "alice");
        await using var bob = await browser.SignedInAsync(server, "bob");
        await alice.StartTalkFromFriendsAsync("Bob");
        await alice.SendAsync("see you at 8");
        await alice.SendAsync("wrong chat, sorry");
        await bob.OpenTalkAsync("Alice");
        await bob.ExpectBubblesAsync("see you at 8", "wrong chat, sorry");
        await Expect(bob.Page.GetByTestId("message-menu")).ToHaveCountAsync(0); // no menu on others' messages
        await Expect(alice.Messages.Last).ToHaveAttributeAsync("data-state", "stored");

        await alice.Messages.First.GetByTestId("message-menu").ClickAsync();
        await alice.Messages.First.GetByTestId("edit-message").ClickAsync();
        await alice.Messages.First.GetByTestId("edit-input").FillAsync("see you at 9");
        await alice.Messages.First.GetByTestId("edit-input").PressAsync("Enter");
        await alice.Messages.Last.GetByTestId("message-menu").ClickAsync();
        await alice.Messages.Last.GetByTestId("recall-message").ClickAsync();

        foreach (var page in new[] { alice, bob })
        {
            await page.ExpectBubblesAsync("see you at 9", "Message recalled");
            await Expect(page.Messages.First.GetByTestId("edited")).ToHaveTextAsync("edited");
            await Expect(page.Messages.GetByTestId("edited")).ToHaveCountAsync(1);
        }

        await Expect(alice.Messages.Last.GetByTestId("message-menu")).ToHaveCountAsync(0); // a recalled message has nothing left to change
        await Expect(bob.Talk("Alice").GetByTestId("talk-sketch")).ToHaveTextAsync("[recalled]");

        await bob.Page.ReloadAsync();
        await bob.OpenTalkAsync("Alice");
        await bob.ExpectBubblesAsync("see you at 9", "Message recalled");
        await Expect(bob.Messages.First.GetByTestId("edited")).ToHaveTextAsync("edited");
        await bob.ScreenshotAsync("edit-recall");
    }

    [Fact]
    public async Task The_menu_offers_only_what_the_windows_still_allow()
    {
        await using var server = await TestServer.StartAsync(["--Relink:RecallWindow=5m", "--Relink:EditWindow=1h"]);
        await Accounts.CreateFriendsAsync(server, "alice", "bob");
        var (_, club) = await Conversations.GroupAsync(server, "Club", "alice", "bob");
        await Conversations.SayAsync(server, club, "alice", "two hours ago", DateTimeOffset.Now.AddHours(-2));
        await Conversations.SayAsync(server, club, "alice", "ten minutes ago", DateTimeOffset.Now.AddMinutes(-10));
        await Conversations.SayAsync(server, club, "alice", "just now", DateTimeOffset.Now);

        await using var alice = await browser.SignedInAsync(server, "alice");
        await alice.OpenTalkAsync("Club");
        await alice.ExpectBubblesAsync("two hours ago", "ten minutes ago", "just now");

        await Expect(alice.Messages.Nth(0).GetByTestId("message-menu")).ToHaveCountAsync(0);
        await alice.Messages.Nth(1).GetByTestId("message-menu").ClickAsync();
        await Expect(alice.Messages.Nth(1).GetByRole(Microsoft.Playwright.AriaRole.Menuitem)).ToHaveTextAsync(["Edit"]);
        await alice.Messages.Nth(2).GetByTestId("message-menu").ClickAsync();
        await Expect(alice.Messages.Nth(2).GetByRole(Microsoft.Playwright.AriaRole.Menuitem)).ToHaveTextAsync(["Edit", "Recall"]);
    }
}
