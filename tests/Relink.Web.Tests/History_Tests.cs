using Relink.Testing.Server;
using static Microsoft.Playwright.Assertions;

namespace Relink.Web.Tests;

[Collection(BrowserCollection.Name)]
public sealed class History_Tests(BrowserFixture browser)
{
    [Fact]
    public async Task Scrolling_up_loads_older_messages_until_the_beginning()
    {
        const int count = 70;
        await using var server = await TestServer.StartAsync();
        await Accounts.CreateFriendsAsync(server, "alice", "bob");
        await using (var bob = await Accounts.SignInAsync(server, "bob"))
        {
            await bob.OpenTalkAsync(Accounts.Direct("alice"));
            for (int i = 1; i <= count; i++)
            {
                await bob.SendTextAsync(Accounts.Direct("alice"), $"m{i}");
            }
        }

        await using var alice = await browser.SignedInAsync(server, "alice");
        await alice.OpenTalkAsync("Bob");
        await Expect(alice.Bubbles.Last).ToHaveTextAsync($"m{count}");
        (await alice.Bubbles.CountAsync()).ShouldBeLessThan(count); // only the latest page at first

        var list = alice.Page.GetByTestId("messages");
        var beginning = list.GetByText("Beginning of the conversation");
        while (!await beginning.IsVisibleAsync())
        {
            int shown = await alice.Bubbles.CountAsync();
            await list.HoverAsync();
            await alice.Page.Mouse.WheelAsync(0, -20_000);
            await Expect(alice.Bubbles).Not.ToHaveCountAsync(shown);
        }

        await alice.ExpectBubblesAsync([.. Enumerable.Range(1, count).Select(i => $"m{i}")]);
    }
}
