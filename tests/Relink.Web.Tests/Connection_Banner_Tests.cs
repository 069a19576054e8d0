using Relink.Testing;
using Relink.Testing.Server;
using static Microsoft.Playwright.Assertions;

namespace Relink.Web.Tests;

/// <summary>
/// The banner's controls and the browser's own signals. The tab is served through our fault proxy so its link can
/// be cut; its timers run on Playwright's clock so a test can show what does NOT happen while time passes.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class Connection_Banner_Tests(BrowserFixture browser) : IAsyncLifetime
{
    private TestServer _server = null!;
    private TcpFaultProxy _proxy = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await Accounts.CreateFriendsAsync(_server, "alice", "bob");
        _proxy = TcpFaultProxy.Start(_server.HttpPort);
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Stop_halts_reconnecting_until_the_user_asks_for_it()
    {
        await using var alice = await OpenSignedInAsync();
        _proxy.RefuseNew();
        _proxy.ResetAll();
        await alice.ExpectBannerAsync(@"Reconnecting in \d+ s \(attempt \d+\)");

        await alice.Banner.GetByTestId("stop-reconnecting").ClickAsync();
        await alice.ExpectBannerAsync("^Offline");
        int sockets = alice.WebSocketsOpened;
        _proxy.AcceptNew();
        await alice.Page.Clock.RunForAsync(120_000); // two minutes: no attempt of its own
        alice.WebSocketsOpened.ShouldBe(sockets);
        await alice.ExpectBannerAsync("^Offline");

        await alice.Banner.GetByTestId("reconnect-now").ClickAsync();
        await alice.ExpectSignedInAsync();
    }

    [Fact]
    public async Task Without_network_the_tab_waits_and_reconnects_the_moment_the_network_is_back()
    {
        await using var alice = await OpenSignedInAsync();
        await alice.Context.SetOfflineAsync(true);
        _proxy.ResetAll();
        await alice.ExpectBannerAsync("Offline: waiting for the network");
        int sockets = alice.WebSocketsOpened;
        await alice.Page.Clock.RunForAsync(120_000); // no backoff attempts into a network that is not there
        alice.WebSocketsOpened.ShouldBe(sockets);

        // Time stands still from here: only the browser's 'online' event can bring the link back.
        await alice.Page.Clock.PauseAtAsync(DateTime.Now.AddMinutes(3));
        await alice.Context.SetOfflineAsync(false);
        await alice.ExpectSignedInAsync();
    }

    private async Task<ChatPage> OpenSignedInAsync()
    {
        var alice = await browser.OpenAsync(_proxy.Port, context => context.Clock.InstallAsync());
        alice.Watch();
        await alice.SignInAsync("alice");
        return alice;
    }
}
