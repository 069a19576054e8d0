using Relink.Testing.Server;
using static Microsoft.Playwright.Assertions;

namespace Relink.Web.Tests;

[Collection(BrowserCollection.Name)]
public sealed class Direct_Chat_Tests(BrowserFixture browser)
{
    [Theory]
    [InlineData("desktop")]
    [InlineData("phone")]
    public async Task Two_new_users_find_each_other_and_chat(string screen)
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await browser.OpenAsync(server, screen: Screen.Named(screen));
        await using var bob = await browser.OpenAsync(server, screen: Screen.Named(screen));
        await alice.ScreenshotAsync($"{screen}-login");

        await bob.RegisterAsync("bob", "Bob", Accounts.Password);
        await alice.RegisterAsync("alice", "Alice", Accounts.Password);

        // Alice finds Bob among "people you may know" and adds him; he is listed once, however often she looks.
        await alice.Page.GetByTestId("tab-friends").ClickAsync();
        var bobInResults = alice.Page.GetByTestId("search-result").Filter(new() { HasText = "Bob" });
        await bobInResults.GetByTestId("add-friend").ClickAsync();
        await Expect(bobInResults).ToContainTextAsync("Friend");
        await alice.Page.GetByTestId("user-search").FillAsync("bo");
        await Expect(alice.Page.GetByTestId("search-title")).ToHaveTextAsync("Search results");
        await Expect(bobInResults.GetByTestId("add-friend")).ToHaveCountAsync(0);
        await Expect(alice.Page.GetByTestId("friends").GetByTestId("person-name")).ToHaveTextAsync(["Bob"]);

        await alice.StartTalkFromFriendsAsync("Bob");
        await alice.SendAsync("Hi Bob!");
        await alice.Page.GetByTestId("composer").FillAsync("   ");
        await alice.Page.GetByTestId("composer").PressAsync("Enter"); // blank: not a message (Bob sees only one below)
        await alice.Page.GetByTestId("composer").FillAsync("");

        // Bob's talk list gains the talk (opened by Alice), with the sketch and an unread badge.
        await Expect(bob.Talk("Alice").GetByTestId("talk-sketch")).ToHaveTextAsync("Hi Bob!");
        await Expect(bob.UnreadBadge("Alice")).ToHaveTextAsync("1");
        await bob.OpenTalkAsync("Alice");
        await Expect(bob.UnreadBadge("Alice")).ToHaveCountAsync(0);
        await bob.ExpectBubblesAsync("Hi Bob!");
        await Expect(bob.Messages.First).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("theirs"));

        await bob.SendAsync("Hello Alice, good to see you here.");
        await alice.ExpectBubblesAsync("Hi Bob!", "Hello Alice, good to see you here.");
        await Expect(alice.Messages.First).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("mine"));
        await Expect(alice.Messages.Last).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("theirs"));
        await Expect(alice.Messages.Last).ToHaveAttributeAsync("data-state", "stored");

        await alice.SendEmojiAsync("f_03");
        await bob.ExpectBubblesAsync("Hi Bob!", "Hello Alice, good to see you here.", "😊");
        await Expect(bob.Talk("Alice").GetByTestId("talk-sketch")).ToHaveTextAsync("[emoji]");
        await alice.ScreenshotAsync($"{screen}-chat");
    }
}
