using Relink.Testing;
using Relink.Testing.Server;
using static Microsoft.Playwright.Assertions;

namespace Relink.Web.Tests;

/// <summary>The client at a phone's size (390 × 844, touch): one screen at a time, fingertip-sized controls.</summary>
[Collection(BrowserCollection.Name)]
public sealed class Phone_Tests(BrowserFixture browser)
{
    [Fact]
    public async Task The_talk_list_and_the_conversation_are_two_screens_with_a_way_back()
    {
        await using var server = await TestServer.StartAsync();
        await Accounts.CreateFriendsAsync(server, "alice", "bob");
        await Conversations.GroupAsync(server, "Club", "alice", "bob");
        await using var bob = await Accounts.SignInAsync(server, "bob");
        await bob.OpenTalkAsync(Accounts.Direct("alice"));
        await bob.SendTextAsync(Accounts.Direct("alice"), "Pizza tonight? 🍕");

        await using var alice = await browser.OpenAsync(server, screen: Screen.Phone);
        await alice.ExpectTouchTargetsAsync("sign-in");
        await alice.SignInAsync("alice");
        var page = alice.Page;

        // The list fills the screen; the tabs and sign-out sit along the bottom.
        await Expect(alice.Talk("Bob")).ToBeVisibleAsync();
        (await page.GetByTestId("talk-list").BoundingBoxAsync())!.Width.ShouldBe(390, 1);
        await Expect(page.GetByTestId("chat")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("sign-out")).ToBeInViewportAsync();
        await Expect(alice.Back).ToBeHiddenAsync();
        await alice.ExpectTouchTargetsAsync("talk list");

        // A tap opens the conversation as a screen of its own.
        await alice.Talk("Bob").GetByTestId("talk-open").TapAsync();
        await Expect(page.GetByTestId("chat-title")).ToHaveTextAsync("Bob");
        await Expect(page.GetByTestId("talk-list")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("tab-chats")).ToBeHiddenAsync();
        await Expect(alice.Back).ToBeVisibleAsync();
        await Expect(page.GetByTestId("composer")).ToBeInViewportAsync();
        (await page.GetByTestId("chat-title").BoundingBoxAsync())!.Width.ShouldBeGreaterThan(100); // not squeezed
        await alice.SendAsync("Yes! See https://example.org/a-very-long-address/that/does/not/fit/on/one/line/of/a/phone?at=8pm");
        await alice.SendAsync("Soooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooo good");
        await alice.ExpectBubblesAsync(
            "Pizza tonight? 🍕",
            "Yes! See https://example.org/a-very-long-address/that/does/not/fit/on/one/line/of/a/phone?at=8pm",
            "Soooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooo good");
        await ExpectNoSidewaysScrollAsync(alice);
        await alice.Page.GetByTestId("emoji-toggle").TapAsync();
        await alice.ExpectTouchTargetsAsync("conversation with the emoji panel");
        await alice.Page.GetByTestId("emoji-toggle").TapAsync();
        await alice.ScreenshotAsync("phone-conversation");

        // The on-screen keyboard takes the lower part of the screen: the composer moves up with the page's bottom.
        await page.SetViewportSizeAsync(390, 480);
        // Polled, not read once: the page lays itself out again some frames after the resize.
        await Expect(page.GetByTestId("composer")).ToBeInViewportAsync(new() { Ratio = 1 });
        await Expect(page.GetByTestId("send")).ToBeInViewportAsync(new() { Ratio = 1 });
        await page.SetViewportSizeAsync(390, 844);

        // Back: the list again, and the conversation is closed, so Bob's next message counts as unread.
        await alice.Back.TapAsync();
        await Expect(alice.Talk("Bob")).ToBeVisibleAsync();
        await Expect(alice.Talk("Bob").GetByTestId("talk-open")).ToBeFocusedAsync();
        await bob.SendTextAsync(Accounts.Direct("alice"), "great");
        await Expect(alice.UnreadBadge("Bob")).ToHaveTextAsync("1");
        await alice.ScreenshotAsync("phone-talk-list");

        // Friends and groups: the second tab; a choice shows its card as a screen with the way back.
        await page.GetByTestId("tab-friends").TapAsync();
        await Expect(page.GetByTestId("groups").GetByTestId("person-name")).ToHaveTextAsync(["Club"]);
        await alice.ExpectTouchTargetsAsync("friends and groups");
        await page.GetByTestId("friends").GetByText("Bob", new() { Exact = true }).TapAsync();
        await Expect(page.GetByTestId("card")).ToContainTextAsync("User id bob");
        await Expect(page.GetByTestId("friends")).ToBeHiddenAsync();
        await alice.ExpectTouchTargetsAsync("friend's card");
        await alice.Back.TapAsync();
        await page.GetByTestId("groups").GetByText("Club", new() { Exact = true }).TapAsync();
        await page.GetByTestId("send-message").TapAsync();
        await Expect(page.GetByTestId("chat-title")).ToHaveTextAsync("Club");

        // Escape is a way back too (a hardware keyboard, or a screen reader's gesture).
        await page.GetByTestId("composer").PressAsync("Escape");
        await Expect(page.GetByTestId("tab-chats")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("chat")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task The_connection_banner_shows_and_its_buttons_can_be_tapped()
    {
        await using var server = await TestServer.StartAsync();
        await Accounts.CreateFriendsAsync(server, "alice", "bob");
        await using var proxy = TcpFaultProxy.Start(server.HttpPort);
        await using var alice = await browser.OpenAsync(proxy.Port, screen: Screen.Phone);
        await alice.SignInAsync("alice");
        await alice.StartTalkFromFriendsAsync("Bob");

        proxy.RefuseNew();
        proxy.ResetAll();
        await alice.ExpectBannerAsync(@"Reconnecting in \d+ s \(attempt \d+\)");
        await Expect(alice.Banner).ToBeInViewportAsync();
        await alice.SendAsync("typed on the bus");
        await Expect(alice.Page.GetByTestId("messages").Locator("[data-state='pending']")).ToHaveCountAsync(1);
        await alice.ExpectTouchTargetsAsync("conversation with the reconnecting banner");
        await alice.ScreenshotAsync("phone-reconnecting");

        await alice.Banner.GetByTestId("stop-reconnecting").TapAsync();
        await alice.ExpectBannerAsync("^Offline");
        proxy.AcceptNew();
        await alice.Banner.GetByTestId("reconnect-now").TapAsync();
        await alice.ExpectSignedInAsync();
        await Expect(alice.Page.GetByTestId("messages").Locator("[data-state='stored']").GetByTestId("bubble")).ToHaveTextAsync(["typed on the bus"]);
    }

    /// <summary>Long words and addresses wrap inside their bubbles: nothing sticks out sideways.</summary>
    private static async Task ExpectNoSidewaysScrollAsync(ChatPage page)
    {
        bool fits = await page.Page.EvaluateAsync<bool>("""
            () => {
              const list = document.querySelector('[data-testid=messages]');
              return list.scrollWidth <= list.clientWidth && document.documentElement.scrollWidth <= innerWidth
                && [...list.querySelectorAll('[data-testid=bubble]')].every((b) => b.getBoundingClientRect().right <= innerWidth);
            }
            """);
        fits.ShouldBeTrue("a bubble is wider than the screen");
    }
}
