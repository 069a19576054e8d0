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

        // Alice finds Bob among "people you may know" and asks him; the request waits in her inbox as hers.
        await alice.Page.GetByTestId("tab-friends").ClickAsync();
        var bobInResults = alice.Page.GetByTestId("search-result").Filter(new() { HasText = "Bob" });
        await bobInResults.GetByTestId("add-friend").ClickAsync();
        await Expect(bobInResults).ToContainTextAsync("Asked");
        await Expect(alice.Page.GetByTestId("outgoing-request")).ToContainTextAsync("Bob");

        // Bob's friends tab shows a badge at once (pushed), and the request in his inbox; he accepts it.
        await Expect(bob.Page.GetByTestId("requests-badge")).ToHaveTextAsync("1");
        await Expect(bob.Page.GetByTestId("tab-friends")).ToHaveAttributeAsync("aria-label", "Friends and groups, 1 friend request");
        await bob.Page.GetByTestId("tab-friends").ClickAsync();
        var fromAlice = bob.Page.GetByTestId("incoming-request").Filter(new() { HasText = "Alice" });
        await fromAlice.GetByTestId("accept-request").ClickAsync();
        await Expect(bob.Page.GetByTestId("requests-badge")).ToBeHiddenAsync();
        await Expect(bob.Page.GetByTestId("incoming-request")).ToHaveCountAsync(0);
        await bob.Page.GetByTestId("tab-chats").ClickAsync();

        // Alice hears of the acceptance live; Bob is listed once, however often she looks.
        await Expect(alice.Page.GetByTestId("outgoing-request")).ToHaveCountAsync(0);
        await alice.Page.GetByTestId("user-search").FillAsync("bo");
        await Expect(alice.Page.GetByTestId("search-title")).ToHaveTextAsync("Search results");
        await Expect(bobInResults.GetByTestId("add-friend")).ToHaveCountAsync(0);
        await Expect(alice.Page.GetByTestId("friends").GetByTestId("person-name")).ToHaveTextAsync(["Bob"]);
        await Expect(bobInResults).ToContainTextAsync("Friend");

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

    [Fact]
    public async Task A_declined_request_leaves_the_inbox_and_is_never_shown_to_the_requester_as_declined()
    {
        await using var server = await TestServer.StartAsync();
        await using var ann = await browser.OpenAsync(server);
        await ann.RegisterAsync("ann", "Ann", Accounts.Password);
        await using (var cid = await Accounts.SignUpAsync(server, "cid"))
        {
            await cid.RequestFriendAsync("ann", "we met at the conference");
        }

        await Expect(ann.Page.GetByTestId("requests-badge")).ToHaveTextAsync("1");
        await ann.Page.GetByTestId("tab-friends").ClickAsync();
        var fromCid = ann.Page.GetByTestId("incoming-request").Filter(new() { HasText = "cid" });
        await Expect(fromCid.GetByTestId("request-note")).ToHaveTextAsync("we met at the conference");
        await fromCid.GetByTestId("decline-request").ClickAsync();

        await Expect(ann.Page.GetByTestId("incoming-request")).ToHaveCountAsync(0);
        await Expect(ann.Page.GetByTestId("requests-badge")).ToBeHiddenAsync();
        await using var cidAgain = await Accounts.SignInAsync(server, "cid");
        (await cidAgain.GetFriendRequestsAsync()).Requests.ShouldBeEmpty();
        (await cidAgain.GetFriendsAsync()).ShouldBeEmpty();
    }
}
