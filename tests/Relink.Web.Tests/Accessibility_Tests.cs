using Relink.Testing.Server;
using static Microsoft.Playwright.Assertions;

namespace Relink.Web.Tests;

/// <summary>axe-core (WCAG 2.0/2.1 A and AA) on every screen, in light and dark mode, on a laptop and a phone.</summary>
[Collection(BrowserCollection.Name)]
public sealed class Accessibility_Tests(BrowserFixture browser)
{
    [Theory]
    [InlineData("desktop")]
    [InlineData("desktop-dark")]
    [InlineData("phone")]
    [InlineData("phone-dark")]
    public async Task Every_screen_meets_WCAG_2_AA(string screen)
    {
        await using var server = await TestServer.StartAsync(["--heartbeat-interval", "1s", "--heartbeat-timeout", "3s"]);
        await Accounts.CreateFriendsAsync(server, "alice", "bob", "carol", "dave");
        var (_, club) = await Conversations.GroupAsync(server, "Club", "alice", "bob", "carol");
        var yesterday = DateTimeOffset.Now.AddDays(-1);
        await Conversations.SayAsync(server, club, "bob", "Pictures from the trip: https://example.org/trip?day=2", yesterday);
        await Conversations.SayAsync(server, club, "bob", "Anyone?", yesterday.AddMinutes(1));
        await Conversations.SayAsync(server, club, "alice", "Lovely 👋", DateTimeOffset.Now.AddMinutes(-5));
        await Conversations.SayAsync(server, club, "carol", "Next time I come along", DateTimeOffset.Now.AddMinutes(-4));
        await using (var bob = await Accounts.SignInAsync(server, "bob"))
        {
            await bob.OpenTalkAsync(Accounts.Direct("alice"));
            await bob.SendTextAsync(Accounts.Direct("alice"), "See you at eight");
        }

        await using (var dave = await Accounts.SignInAsync(server, "dave"))
        {
            await dave.OpenTalkAsync(Accounts.Direct("alice"));
            await dave.SendTextAsync(Accounts.Direct("alice"), "Buy my course");
        }

        await using (var aliceElsewhere = await Accounts.SignInAsync(server, "alice"))
        {
            await aliceElsewhere.BlockUserAsync("dave"); // in her blocked list, and their talk says why it is closed
        }

        await using var alice = await browser.OpenAsync(server, screen: Screen.Named(screen));
        alice.Watch();
        await alice.Page.ReloadAsync(); // loaded again with the watch on, from the first script
        await Expect(alice.Page.GetByTestId("login-form")).ToBeVisibleAsync();
        await alice.ExpectAccessibleAsync("sign-in");

        await alice.SignInAsync("alice");
        await Expect(alice.UnreadBadge("Bob")).ToHaveTextAsync("1");
        await alice.ExpectAccessibleAsync("talk list");

        await alice.OpenTalkAsync("Club");
        await alice.ExpectBubblesAsync("Pictures from the trip: https://example.org/trip?day=2", "Anyone?", "Lovely 👋", "Next time I come along");
        await alice.ExpectAccessibleAsync("conversation");
        await alice.Page.GetByTestId("emoji-toggle").ClickAsync();
        await Expect(alice.Page.GetByTestId("emoji-panel")).ToBeVisibleAsync();
        await alice.ExpectAccessibleAsync("emoji panel");
        await alice.Page.GetByTestId("emoji-toggle").ClickAsync();

        await alice.BackToListAsync();
        await alice.Page.GetByTestId("tab-friends").ClickAsync();
        await Expect(alice.Page.GetByTestId("search-result").First).ToBeVisibleAsync();
        await Expect(alice.Page.GetByTestId("blocked-user")).ToContainTextAsync("Dave");
        await alice.ExpectAccessibleAsync("friends");
        await alice.Page.GetByTestId("friends").GetByText("Bob", new() { Exact = true }).ClickAsync();
        await Expect(alice.Page.GetByTestId("card")).ToContainTextAsync("User id bob");
        await alice.ExpectAccessibleAsync("friend's card");
        await alice.Page.GetByTestId("remove-friend").ClickAsync();
        await Expect(alice.Page.GetByTestId("confirm-dialog")).ToBeVisibleAsync();
        await alice.ExpectAccessibleAsync("confirmation before removing a friend");
        await alice.Page.GetByTestId("confirm-cancel").ClickAsync();
        await Expect(alice.Page.GetByTestId("confirm-dialog")).ToHaveCountAsync(0);

        await alice.OpenTalkAsync("Dave");
        await Expect(alice.Page.GetByTestId("standing-unblock")).ToBeVisibleAsync();
        await alice.ExpectAccessibleAsync("talk with a blocked user");

        await alice.BackToListAsync();
        await alice.Page.GetByTestId("tab-friends").ClickAsync();
        await alice.Page.GetByTestId("new-group").ClickAsync();
        await Expect(alice.Page.GetByTestId("create-group-form")).ToBeVisibleAsync();
        await alice.Page.GetByTestId("join-group").ClickAsync();
        await alice.ExpectAccessibleAsync("groups with both forms open");
        await alice.Page.GetByTestId("groups").GetByText("Club", new() { Exact = true }).ClickAsync();
        await Expect(alice.Page.GetByTestId("card")).ToContainTextAsync("3 members");
        await alice.ExpectAccessibleAsync("group's card");

        await alice.StartTalkFromFriendsAsync("Bob");
        await server.StopAsync();
        await alice.ExpectBannerAsync(@"Reconnecting in \d+ s");
        await alice.SendAsync("pending while the server is away");
        await Expect(alice.Page.GetByTestId("messages").Locator("[data-state='pending']")).ToHaveCountAsync(1);
        await alice.ExpectAccessibleAsync("reconnecting banner with a pending message");
        await alice.ScreenshotAsync($"{screen}-reconnecting");
        alice.PolicyViolations.ShouldBeEmpty(); // every screen drawn without anything the strict policy refuses
    }
}
