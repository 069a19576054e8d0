using Relink.Testing.Server;
using static Microsoft.Playwright.Assertions;

namespace Relink.Web.Tests;

[Collection(BrowserCollection.Name)]
public sealed class Kicked_Tests(BrowserFixture browser)
{
    [Fact]
    public async Task Signing_in_on_another_device_stops_the_first_tab_for_good()
    {
        await using var server = await TestServer.StartAsync();
        await Accounts.CreateFriendsAsync(server, "alice", "bob");
        // The first tab's timers run on a clock the test can move, to show that no reconnect is ever scheduled.
        await using var first = await browser.OpenAsync(server, context => context.Clock.InstallAsync());
        first.Watch();
        await first.SignInAsync("alice");
        await first.StartTalkFromFriendsAsync("Bob");
        int socketsBefore = first.WebSocketsOpened;

        await using var second = await browser.SignedInAsync(server, "alice");

        await first.ExpectBannerAsync("Signed in on another device");
        await Expect(first.Page.GetByTestId("composer")).ToBeDisabledAsync();
        await first.ScreenshotAsync("kicked");

        // A minute of the first tab's time passes: every timer it had fires, and none opens a connection (which
        // would, by signing in again, knock the second tab off in turn).
        await first.Page.Clock.RunForAsync(60_000);
        await first.ExpectBannerAsync("Signed in on another device");
        first.WebSocketsOpened.ShouldBe(socketsBefore);
        await Expect(second.Banner).ToBeHiddenAsync();
        await second.StartTalkFromFriendsAsync("Bob");
        await second.SendAsync("this tab is the one signed in");
        await Expect(second.Page.GetByTestId("messages").Locator("[data-state='stored']")).ToHaveCountAsync(1);
    }
}
