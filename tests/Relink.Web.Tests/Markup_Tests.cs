using Relink.Client;
using Relink.Testing.Server;
using static Microsoft.Playwright.Assertions;

namespace Relink.Web.Tests;

[Collection(BrowserCollection.Name)]
public sealed class Markup_Tests(BrowserFixture browser)
{
    [Fact]
    public async Task Markup_in_messages_and_names_shows_as_literal_text()
    {
        const string text = "<script>alert(1)</script><b>x</b>";
        const string nickname = "<img src=x onerror=alert(2)>";
        await using var server = await TestServer.StartAsync();
        await Accounts.CreateFriendsAsync(server, "alice", "bob");
        await using (var mallory = new RelinkClient(new RelinkClientOptions { Server = server.TcpEndpoint }))
        {
            await mallory.ConnectAsync();
            await mallory.RegisterAsync("mallory", Accounts.Password, nickname);
            await mallory.LoginAsync("mallory", Accounts.Password);
            await server.MakeFriendsAsync("mallory", "bob");
            await mallory.OpenTalkAsync(Accounts.Direct("bob"));
            await mallory.SendTextAsync(Accounts.Direct("bob"), text);
        }

        await using var alice = await browser.OpenAsync(server);
        await using var bob = await browser.OpenAsync(server);
        alice.Watch();
        bob.Watch();
        await alice.SignInAsync("alice");
        await bob.SignInAsync("bob");
        await alice.StartTalkFromFriendsAsync("Bob");
        await alice.SendAsync(text);

        await Expect(bob.Talk("Alice").GetByTestId("talk-sketch")).ToHaveTextAsync(text[..30] + "…");
        await bob.OpenTalkAsync("Alice");
        await bob.ExpectBubblesAsync(text);
        await bob.OpenTalkAsync(nickname);
        await bob.ExpectBubblesAsync(text);
        await alice.ExpectBubblesAsync(text);

        foreach (var page in new[] { alice, bob })
        {
            await Expect(page.Page.Locator("#app b, #app script, #app img")).ToHaveCountAsync(0);
            page.Dialogs.ShouldBeEmpty();
        }
    }
}
