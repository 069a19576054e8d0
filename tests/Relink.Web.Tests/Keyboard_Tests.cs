using Relink.Testing.Server;
using static Microsoft.Playwright.Assertions;

namespace Relink.Web.Tests;

/// <summary>The app used with the keyboard alone: Tab reaches every control, with a visible focus ring; Enter acts; Escape closes.</summary>
[Collection(BrowserCollection.Name)]
public sealed class Keyboard_Tests(BrowserFixture browser)
{
    [Fact]
    public async Task Signing_in_chatting_and_finding_friends_and_groups_work_from_the_keyboard()
    {
        await using var server = await TestServer.StartAsync();
        await Accounts.CreateFriendsAsync(server, "alice", "bob");
        await Conversations.GroupAsync(server, "Club", "alice", "bob");
        await using (var sdkBob = await Accounts.SignInAsync(server, "bob"))
        {
            await sdkBob.OpenTalkAsync(Accounts.Direct("alice"));
            await sdkBob.SendTextAsync(Accounts.Direct("alice"), "hello Alice");
        }

        await using var alice = await browser.OpenAsync(server);
        var page = alice.Page;
        var keyboard = page.Keyboard;

        // Sign in: the user id has the focus; Tab to the password; Enter submits.
        await Expect(page.GetByTestId("login-user")).ToBeFocusedAsync();
        await keyboard.TypeAsync("alice");
        await keyboard.PressAsync("Tab");
        await Expect(page.GetByTestId("login-password")).ToBeFocusedAsync();
        await alice.ExpectVisibleFocusAsync();
        await keyboard.TypeAsync(Accounts.Password);
        await keyboard.PressAsync("Enter");
        await alice.ExpectSignedInAsync();

        // The talk list: Tab to Bob's talk, Enter opens it with the composer focused; Enter sends.
        var bobsTalk = alice.Talk("Bob").GetByTestId("talk-open");
        await alice.TabToAsync(bobsTalk);
        await alice.ExpectVisibleFocusAsync();
        await keyboard.PressAsync("Tab"); // the talk's remove button is next, and shows itself
        await Expect(alice.Talk("Bob").GetByTestId("talk-delete")).ToBeFocusedAsync();
        await Expect(alice.Talk("Bob").GetByTestId("talk-delete")).ToHaveCSSAsync("opacity", "1");
        await keyboard.PressAsync("Shift+Tab");
        await keyboard.PressAsync("Enter");
        await Expect(page.GetByTestId("chat-title")).ToHaveTextAsync("Bob");
        await Expect(page.GetByTestId("composer")).ToBeFocusedAsync();
        await keyboard.TypeAsync("hi Bob");
        await keyboard.PressAsync("Enter");
        await alice.ExpectBubblesAsync("hello Alice", "hi Bob");

        // The emoji panel: Enter on its button opens it with the first face focused; Escape closes it.
        await alice.TabToAsync(page.GetByTestId("emoji-toggle"), backwards: true);
        await alice.ExpectVisibleFocusAsync();
        await keyboard.PressAsync("Enter");
        await Expect(page.GetByTestId("emoji-panel")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("emoji").First).ToBeFocusedAsync();
        await keyboard.PressAsync("Escape");
        await Expect(page.GetByTestId("emoji-panel")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("emoji-toggle")).ToBeFocusedAsync();
        await keyboard.PressAsync("Enter");
        await keyboard.PressAsync("Tab");
        await Expect(page.Locator("[data-emoji-id='f_02']")).ToBeFocusedAsync();
        await keyboard.PressAsync("Enter");
        await alice.ExpectBubblesAsync("hello Alice", "hi Bob", "😂");

        // Friends and groups: Tab to the tab, Enter; Enter on a friend shows the card; its button opens the talk.
        await alice.TabToAsync(page.GetByTestId("tab-friends"), backwards: true);
        await alice.ExpectVisibleFocusAsync();
        await keyboard.PressAsync("Enter");
        var bobEntry = page.GetByTestId("friends").GetByTestId("friend");
        await Expect(bobEntry).ToBeVisibleAsync();
        await alice.TabToAsync(bobEntry);
        await keyboard.PressAsync("Enter");
        await Expect(page.GetByTestId("card")).ToContainTextAsync("User id bob");
        await Expect(bobEntry).ToBeFocusedAsync();
        await alice.TabToAsync(page.GetByTestId("send-message"));
        await keyboard.PressAsync("Enter");
        await Expect(page.GetByTestId("chat-title")).ToHaveTextAsync("Bob");

        await alice.TabToAsync(page.GetByTestId("tab-friends"), backwards: true);
        await keyboard.PressAsync("Enter");
        await alice.TabToAsync(page.GetByTestId("new-group"));
        await keyboard.PressAsync("Enter");
        await Expect(page.GetByTestId("group-name")).ToBeFocusedAsync();
        await keyboard.PressAsync("Escape");
        await Expect(page.GetByTestId("create-group-form")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("new-group")).ToBeFocusedAsync();
        await alice.TabToAsync(page.GetByTestId("groups").GetByTestId("group"));
        await keyboard.PressAsync("Enter");
        await Expect(page.GetByTestId("card")).ToContainTextAsync("2 members");

        // Signing out is a button like the others.
        await alice.TabToAsync(page.GetByTestId("sign-out"), backwards: true);
        await keyboard.PressAsync("Enter");
        await Expect(page.GetByTestId("login-form")).ToBeVisibleAsync();
    }
}
