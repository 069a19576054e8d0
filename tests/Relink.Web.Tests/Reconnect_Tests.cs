using Relink.Testing;
using Relink.Testing.Server;
using static Microsoft.Playwright.Assertions;

namespace Relink.Web.Tests;

[Collection(BrowserCollection.Name)]
public sealed class Reconnect_Tests(BrowserFixture browser)
{
    [Fact]
    public async Task Messages_typed_while_the_server_is_down_wait_as_pending_and_arrive_once_in_order()
    {
        await using var server = await TestServer.StartAsync(["--heartbeat-interval", "1s", "--heartbeat-timeout", "3s"]);
        await Accounts.CreateFriendsAsync(server, "alice", "bob");
        await using var alice = await browser.OpenAsync(server);
        await using var bob = await browser.OpenAsync(server);
        await alice.SignInAsync("alice", Accounts.Password);
        await bob.SignInAsync("bob", Accounts.Password);
        await alice.StartTalkFromFriendsAsync("Bob");
        await alice.SendAsync("before the outage");
        await bob.OpenTalkAsync("Alice");
        await bob.ExpectBubblesAsync("before the outage");

        await server.StopAsync();
        await alice.ExpectBannerAsync(@"Reconnecting in \d+ s \(attempt \d+\)");
        await Expect(alice.Banner.GetByTestId("reconnect-now")).ToBeVisibleAsync();
        await Expect(alice.Banner.GetByTestId("stop-reconnecting")).ToBeVisibleAsync();

        string[] typed = ["offline 1", "offline 2", "offline 3"];
        foreach (string text in typed)
        {
            await alice.SendAsync(text);
        }

        var pending = alice.Page.GetByTestId("messages").Locator("[data-state='pending']");
        await Expect(pending.GetByTestId("bubble")).ToHaveTextAsync(typed);
        await Expect(pending.GetByTitle("Waiting to be sent")).ToHaveCountAsync(typed.Length); // the clock
        await alice.ScreenshotAsync("reconnecting");

        await server.StartAgainAsync();

        // Each exactly once and in the order typed, on the other side: the whole conversation, nothing more.
        await bob.ExpectBubblesAsync(["before the outage", .. typed]);
        await Expect(bob.Banner).ToBeHiddenAsync();
        await Expect(alice.Banner).ToBeHiddenAsync();
        await alice.ExpectBubblesAsync(["before the outage", .. typed]);
        await Expect(pending).ToHaveCountAsync(0);
        await Expect(alice.Page.GetByTestId("messages").Locator("[data-state='stored']")).ToHaveCountAsync(4);
    }

    [Fact]
    public async Task A_silently_dead_link_is_found_by_the_heartbeat_and_what_was_sent_meanwhile_still_arrives()
    {
        await using var server = await TestServer.StartAsync(["--heartbeat-interval", "1s", "--heartbeat-timeout", "3s", "--sweep-interval", "250ms"]);
        await Accounts.CreateFriendsAsync(server, "alice", "bob");
        await using var proxy = TcpFaultProxy.Start(server.HttpPort);
        await using var bob = await Accounts.SignInAsync(server, "bob");
        await bob.OpenTalkAsync(Accounts.Direct("alice"));
        await using var alice = await browser.OpenAsync(proxy.Port);
        alice.Watch();
        await alice.SignInAsync("alice", Accounts.Password);
        await alice.OpenTalkAsync("Bob");

        // No FIN, no RST: the browser's socket looks open while nothing passes. Only the heartbeat can tell.
        proxy.BlackHole(scope: FaultScope.Existing);
        await bob.SendTextAsync(Accounts.Direct("alice"), "sent into the dead link");

        await alice.ExpectBubblesAsync("sent into the dead link");
        alice.WebSocketsOpened.ShouldBeGreaterThanOrEqualTo(2); // it came over a new link, after a resume
        await Expect(alice.Banner).ToBeHiddenAsync();
    }

    [Fact]
    public async Task A_reloaded_tab_continues_its_session_without_signing_in()
    {
        await using var server = await TestServer.StartAsync();
        await Accounts.CreateFriendsAsync(server, "alice", "bob");
        await using var alice = await browser.OpenAsync(server);
        await alice.SignInAsync("alice", Accounts.Password);
        await alice.StartTalkFromFriendsAsync("Bob");
        await alice.SendAsync("still here after a reload?");

        await alice.Page.ReloadAsync();

        await alice.ExpectSignedInAsync();
        await Expect(alice.Page.GetByTestId("login-form")).ToBeHiddenAsync();
        await alice.OpenTalkAsync("Bob");
        await alice.ExpectBubblesAsync("still here after a reload?");
    }
}
