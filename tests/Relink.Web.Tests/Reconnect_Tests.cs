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
        await using var alice = await browser.SignedInAsync(server, "alice");
        await using var bob = await browser.SignedInAsync(server, "bob");
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
    public async Task Reconnect_delays_double_from_one_second_to_a_30_second_cap_with_jitter_applied_after_the_cap()
    {
        await using var server = await TestServer.StartAsync();
        await using var tab = await browser.OpenAsync(server);

        // The policy module itself, in the page, with the random source pinned (0.5 = no jitter; 0 and 1 = the extremes).
        var delays = await tab.Page.EvaluateAsync<int[][]>("""
            async () => {
              const { ReconnectPolicy } = await import('/js/sdk/connection/reconnect-policy.js');
              const run = (random, count) => {
                const policy = new ReconnectPolicy({ random: () => random });
                return Array.from({ length: count }, () => policy.next().delayMs);
              };
              const policy = new ReconnectPolicy({ random: () => 0.5 });
              policy.next(); policy.next(); policy.reset();
              return [run(0.5, 8), run(0, 7), run(1, 7), [policy.next().delayMs, policy.attempt]];
            }
            """);

        delays[0].ShouldBe([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
        delays[1].ShouldBe([800, 1600, 3200, 6400, 12800, 24000, 24000]);
        delays[2].ShouldBe([1200, 2400, 4800, 9600, 19200, 36000, 36000]);
        delays[3].ShouldBe([1000, 1]); // a reset starts over at one second
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
        await alice.SignInAsync("alice");
        await alice.OpenTalkAsync("Bob");

        await bob.SendTextAsync(Accounts.Direct("alice"), "before");
        await alice.ExpectBubblesAsync("before");

        // No FIN, no RST: the browser's socket looks open while nothing passes. Only the heartbeat can tell.
        proxy.BlackHole(scope: FaultScope.Existing);
        // More than the talk list's latest messages: the rest of the hole is pulled as history after the resume.
        string[] meanwhile = [.. Enumerable.Range(1, 30).Select(i => $"sent into the dead link {i}")];
        foreach (string text in meanwhile)
        {
            await bob.SendTextAsync(Accounts.Direct("alice"), text);
        }

        await alice.ExpectBubblesAsync(["before", .. meanwhile]);
        alice.WebSocketsOpened.ShouldBeGreaterThanOrEqualTo(2); // they came over a new link, after a resume
        await Expect(alice.Banner).ToBeHiddenAsync();
    }
}
