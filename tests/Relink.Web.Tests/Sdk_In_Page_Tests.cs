using Relink.Testing.Server;

namespace Relink.Web.Tests;

/// <summary>
/// The README's few lines that put Relink chat into a web page: the JavaScript SDK as the server serves it
/// (/js/sdk/index.js), in a real browser, connecting, sending and receiving.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class Sdk_In_Page_Tests(BrowserFixture browser)
{
    [Fact]
    public async Task A_page_importing_the_served_SDK_connects_sends_and_receives()
    {
        await using var server = await TestServer.StartAsync();
        await Accounts.CreateFriendsAsync(server, "alice", "bob");
        await using var tab = await browser.OpenAsync(server);

        var outcome = await tab.Page.EvaluateAsync<string[]>("""
            async ({ url, password }) => {
              const { RelinkClient } = await import('/js/sdk/index.js');
              const alice = new RelinkClient({ url, userId: 'alice', password });
              const bob = new RelinkClient({ url, userId: 'bob', password });
              const received = new Promise((resolve) => bob.on('message', (m) => m.sender.userId === 'alice' && resolve(m)));
              await alice.connect();
              await bob.connect();
              const stored = await alice.send({ to: 'bob', text: 'hi from my page' });
              const message = await received;
              alice.close();
              bob.close();
              return [stored.text, message.text, String(message.id === stored.id), alice.state.name];
            }
            """, new { url = server.WebSocketEndpoint, password = Accounts.Password });

        outcome.ShouldBe(["hi from my page", "hi from my page", "true", "stopped"]);
    }
}
