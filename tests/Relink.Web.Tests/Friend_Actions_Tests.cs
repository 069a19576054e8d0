using Relink.Client;
using Relink.Testing.Server;
using static Microsoft.Playwright.Assertions;

namespace Relink.Web.Tests;

/// <summary>
/// Removing a friend and blocking someone from the browser (docs/protocol.md §3.10): each asks first, the talk then
/// says why it takes no messages, and the settings list the blocked users with Unblock. The other side is a .NET SDK
/// client, so what reaches Alice (or not) is what the server lets through.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class Friend_Actions_Tests(BrowserFixture browser)
{
    [Theory]
    [InlineData("desktop")]
    [InlineData("phone")]
    public async Task Removing_a_friend_asks_first_and_then_the_talk_says_they_are_no_longer_friends(string screen)
    {
        await using var server = await TestServer.StartAsync();
        await Accounts.CreateFriendsAsync(server, "alice", "bob");
        await using var bob = await Accounts.SignInAsync(server, "bob");
        await bob.OpenTalkAsync(Accounts.Direct("alice"));
        await bob.SendTextAsync(Accounts.Direct("alice"), "Still on for Friday?");
        await using var alice = await browser.OpenAsync(server, screen: Screen.Named(screen));
        await alice.SignInAsync("alice");

        // Changing her mind at the question keeps the friendship.
        await OpenFriendCardAsync(alice, "Bob");
        await alice.Page.GetByTestId("remove-friend").ClickAsync();
        var dialog = alice.Page.GetByTestId("confirm-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog).ToContainTextAsync("Remove Bob from your friends?");
        await Expect(dialog.GetByTestId("confirm-cancel")).ToBeFocusedAsync();
        await alice.Page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(alice.Page.GetByTestId("remove-friend")).ToBeFocusedAsync(); // the focus goes back where it was
        await Expect(alice.Page.GetByTestId("card")).ToContainTextAsync("User id bob");

        await alice.Page.GetByTestId("remove-friend").ClickAsync();
        await dialog.GetByTestId("confirm-ok").ClickAsync();

        await Expect(alice.Page.Locator("#card")).ToContainTextAsync("Choose a friend or a group.");
        await alice.BackToListAsync();
        await Expect(alice.Page.GetByTestId("friends")).ToContainTextAsync("No friends yet");
        await alice.OpenTalkAsync("Bob");
        await alice.ExpectBubblesAsync("Still on for Friday?"); // the history stays
        await Expect(alice.Page.GetByTestId("standing-text")).ToHaveTextAsync(
            "You and Bob are not friends, so messages cannot be sent here. To talk again, one of you asks the other to be friends.");
        await Expect(alice.Page.GetByTestId("composer")).ToBeDisabledAsync();
        await Expect(alice.Page.GetByTestId("send")).ToBeDisabledAsync();

        // Bob was told too: his send is refused.
        var refused = await Should.ThrowAsync<RelinkException>(() => bob.SendTextAsync(Accounts.Direct("alice"), "Hello?"));
        refused.Code.ShouldBe(ErrorCode.Forbidden);
        await alice.ScreenshotAsync($"{screen}-removed-friend");
    }

    [Fact]
    public async Task Blocking_stops_the_blocked_users_messages_and_requests_and_unblocking_lets_them_ask_again()
    {
        await using var server = await TestServer.StartAsync();
        await Accounts.CreateFriendsAsync(server, "alice", "bob");
        await using var carol = await Accounts.SignUpAsync(server, "carol");
        await using var bob = await Accounts.SignInAsync(server, "bob");
        await bob.OpenTalkAsync(Accounts.Direct("alice"));
        await bob.SendTextAsync(Accounts.Direct("alice"), "Hi Alice");
        await using var alice = await browser.OpenAsync(server);
        await alice.SignInAsync("alice");

        await OpenFriendCardAsync(alice, "Bob");
        await alice.Page.GetByTestId("block-user").ClickAsync();
        await Expect(alice.Page.GetByTestId("confirm-dialog")).ToContainTextAsync("Block Bob?");
        await alice.Page.GetByTestId("confirm-ok").ClickAsync();

        // Bob is out of her friends and in her blocked list.
        await Expect(alice.Page.GetByTestId("friends")).ToContainTextAsync("No friends yet");
        await Expect(alice.Page.GetByTestId("blocked-user")).ToHaveCountAsync(1);
        await Expect(alice.Page.GetByTestId("blocked-user")).ToContainTextAsync("Bob");

        // His messages and requests stop: the send is refused, and his request never shows while Carol's, asked
        // after his was answered, does.
        (await Should.ThrowAsync<RelinkException>(() => bob.SendTextAsync(Accounts.Direct("alice"), "Why?"))).Code.ShouldBe(ErrorCode.Forbidden);
        await bob.RequestFriendAsync("alice", "please");
        await carol.RequestFriendAsync("alice", "hi from Carol");
        await Expect(alice.Page.GetByTestId("incoming-request")).ToHaveCountAsync(1);
        await Expect(alice.Page.GetByTestId("incoming-request")).ToContainTextAsync("Carol");
        await Expect(alice.Page.GetByTestId("requests-badge")).ToHaveTextAsync("1");

        // The talk says why it takes no messages, with Unblock at hand.
        await alice.OpenTalkAsync("Bob");
        await Expect(alice.Page.GetByTestId("standing-text")).ToHaveTextAsync("You blocked Bob. Their messages do not reach you, and you cannot write to them.");
        await Expect(alice.Page.GetByTestId("composer")).ToBeDisabledAsync();
        await alice.Page.GetByTestId("standing-unblock").ClickAsync();
        await Expect(alice.Page.GetByTestId("standing-text")).ToContainTextAsync("You and Bob are not friends");

        // Unblocked: gone from the list, and Bob may ask again; once friends, the talk takes messages both ways.
        await alice.Page.GetByTestId("tab-friends").ClickAsync();
        await Expect(alice.Page.GetByTestId("blocked-users")).ToContainTextAsync("Nobody is blocked.");
        await bob.RequestFriendAsync("alice", "sorry");
        var fromBob = alice.Page.GetByTestId("incoming-request").Filter(new() { HasText = "Bob" });
        await Expect(fromBob).ToContainTextAsync("sorry");
        await fromBob.GetByTestId("accept-request").ClickAsync();
        await alice.OpenTalkAsync("Bob");
        await Expect(alice.Page.GetByTestId("talk-standing")).ToBeHiddenAsync();
        await Expect(alice.Page.GetByTestId("composer")).ToBeEnabledAsync();
        await bob.SendTextAsync(Accounts.Direct("alice"), "Friends again");
        await alice.ExpectBubblesAsync("Hi Alice", "Friends again");
        await alice.SendAsync("Welcome back");
        await Expect(alice.Messages.Last).ToHaveAttributeAsync("data-state", "stored");
    }

    [Fact]
    public async Task A_friend_request_can_be_answered_with_a_block_from_the_keyboard()
    {
        await using var server = await TestServer.StartAsync();
        await using var pest = await Accounts.SignUpAsync(server, "pest");
        await using var alice = await browser.OpenAsync(server);
        await alice.RegisterAsync("alice", "Alice", Accounts.Password);
        await pest.RequestFriendAsync("alice", "buy my stuff");
        await alice.Page.GetByTestId("tab-friends").ClickAsync();
        var request = alice.Page.GetByTestId("incoming-request");
        await Expect(request).ToContainTextAsync("buy my stuff");

        await request.GetByTestId("block-requester").FocusAsync();
        await alice.Page.Keyboard.PressAsync("Enter");
        await Expect(alice.Page.GetByTestId("confirm-dialog")).ToContainTextAsync("Block Pest?");
        await alice.Page.Keyboard.PressAsync("Tab"); // from Cancel to Block
        await Expect(alice.Page.GetByTestId("confirm-ok")).ToBeFocusedAsync();
        await alice.Page.Keyboard.PressAsync("Enter");

        await Expect(request).ToHaveCountAsync(0);
        await Expect(alice.Page.GetByTestId("requests-badge")).ToBeHiddenAsync();
        await Expect(alice.Page.GetByTestId("blocked-user")).ToContainTextAsync("Pest");
    }

    private static async Task OpenFriendCardAsync(ChatPage page, string name)
    {
        await page.BackToListAsync();
        await page.Page.GetByTestId("tab-friends").ClickAsync();
        await page.Page.GetByTestId("friends").GetByText(name, new() { Exact = true }).ClickAsync();
        await Expect(page.Page.GetByTestId("card")).ToContainTextAsync($"User id {name.ToLowerInvariant()}");
    }
}
