using Relink.Storage;
using Relink.Testing;
using Relink.Testing.Server;
using static Microsoft.Playwright.Assertions;

namespace Relink.Web.Tests;

/// <summary>What a tab keeps of its session: the resume token (per tab), and the password in memory for the tab's life.</summary>
[Collection(BrowserCollection.Name)]
public sealed class Session_Tests(BrowserFixture browser)
{
    [Fact]
    public async Task A_reloaded_tab_continues_its_session_without_signing_in()
    {
        await using var server = await TestServer.StartAsync();
        await Accounts.CreateFriendsAsync(server, "alice", "bob");
        await using var alice = await browser.SignedInAsync(server, "alice");
        await alice.StartTalkFromFriendsAsync("Bob");
        await alice.SendAsync("still here after a reload?");

        await alice.Page.ReloadAsync();

        await alice.ExpectSignedInAsync();
        await Expect(alice.Page.GetByTestId("login-form")).ToBeHiddenAsync();
        await alice.OpenTalkAsync("Bob");
        await alice.ExpectBubblesAsync("still here after a reload?");
    }

    [Fact]
    public async Task A_reloaded_tab_whose_session_was_ended_asks_to_sign_in_again()
    {
        await using var server = await TestServer.StartAsync();
        await Accounts.CreateFriendsAsync(server, "alice", "bob");
        await using var alice = await browser.SignedInAsync(server, "alice");

        await server.Get<IChatStore>().RevokeResumeTokensAsync("alice");
        await alice.Page.ReloadAsync();

        await Expect(alice.Page.GetByTestId("login-form")).ToBeVisibleAsync();
        await Expect(alice.Page.GetByTestId("login-error")).ToHaveTextAsync("Your session has ended; please sign in again.");
        await Expect(alice.Page.GetByTestId("login-user")).ToHaveValueAsync("alice");
        await alice.SignInAsync("alice");
    }

    [Fact]
    public async Task A_dropped_link_whose_resume_is_refused_signs_in_again_with_the_password_of_this_tab()
    {
        await using var server = await TestServer.StartAsync();
        await Accounts.CreateFriendsAsync(server, "alice", "bob");
        await using var proxy = TcpFaultProxy.Start(server.HttpPort);
        await using var alice = await browser.OpenAsync(proxy.Port);
        alice.Watch();
        await alice.SignInAsync("alice");
        await alice.StartTalkFromFriendsAsync("Bob");

        await server.Get<IChatStore>().RevokeResumeTokensAsync("alice");
        proxy.ResetAll();

        await Eventually.TrueAsync(() => alice.WebSocketsOpened >= 2, "the tab reconnects");
        await alice.ExpectSignedInAsync();
        await alice.SendAsync("back without typing the password");
        await Expect(alice.Page.GetByTestId("messages").Locator("[data-state='stored']")).ToHaveCountAsync(1);
    }
}
