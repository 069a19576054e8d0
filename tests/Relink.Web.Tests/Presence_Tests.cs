using Relink.Client;
using Relink.Storage;
using Relink.Testing;
using Relink.Testing.Server;
using static Microsoft.Playwright.Assertions;

namespace Relink.Web.Tests;

/// <summary>
/// Presence in the browser, with friends on the .NET SDK: the dot on the talk and in the friends list (with words for
/// a screen reader), "online" / "last seen" in the chat header and on the friend's card, and the settings choice of
/// who sees the user's own. A short heartbeat (3 s timeout) and grace (1 s) make an offline quick to wait for.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class Presence_Tests(BrowserFixture browser)
{
    private static readonly string[] QuickOffline = ["--heartbeat-interval", "1s", "--heartbeat-timeout", "3s", "--presence-grace", "1s"];

    [Fact]
    public async Task A_friend_coming_online_and_leaving_shows_on_the_talk_in_the_header_and_on_the_card()
    {
        await using var server = await TestServer.StartAsync(QuickOffline);
        await Accounts.CreateFriendsAsync(server, "alice", "bob");
        await server.Get<IChatStore>().OpenTalkAsync(["alice", "bob"], ConversationId.Direct("alice", "bob"), DateTimeOffset.Now.AddDays(-1));
        await using var alice = await browser.SignedInAsync(server, "alice");
        var dot = alice.Talk("Bob").GetByTestId("presence-dot");
        await Expect(dot).ToHaveAttributeAsync("data-state", "offline");

        var bob = await Accounts.SignInAsync(server, "bob");
        await Expect(dot).ToHaveAttributeAsync("data-state", "online");
        await Expect(dot).ToHaveTextAsync("(online)"); // the dot's words, for those who cannot see its colour
        await alice.OpenTalkAsync("Bob");
        await Expect(alice.Page.GetByTestId("chat-subtitle")).ToHaveTextAsync("online");

        await bob.LogoutAsync();
        await bob.DisposeAsync();
        await Expect(alice.Page.GetByTestId("chat-subtitle")).ToHaveTextAsync("last seen just now", new() { Timeout = 30_000 });
        await alice.Page.GetByTestId("tab-friends").ClickAsync();
        var friend = alice.Page.GetByTestId("friends").GetByTestId("friend");
        await Expect(friend.GetByTestId("presence-dot")).ToHaveAttributeAsync("data-state", "offline");
        await alice.Page.GetByTestId("friends").GetByText("Bob", new() { Exact = true }).ClickAsync();
        await Expect(alice.Page.GetByTestId("last-seen")).ToHaveTextAsync("last seen just now");
    }

    [Fact]
    public async Task Choosing_nobody_in_the_settings_hides_the_user_from_friends_and_is_kept_for_the_next_sign_in()
    {
        await using var server = await TestServer.StartAsync(QuickOffline);
        await Accounts.CreateFriendsAsync(server, "alice", "bob");
        await using var bob = await Accounts.SignInAsync(server, "bob");
        await using var alice = await browser.SignedInAsync(server, "alice");
        await Eventually.TrueAsync(() => bob.PresenceOf("alice")?.State == PresenceState.Online, "bob to see alice online");
        await alice.Page.GetByTestId("tab-friends").ClickAsync();
        var choice = alice.Page.GetByLabel("Who sees when I am online");
        await Expect(choice).ToHaveValueAsync("PRESENCE_AUDIENCE_FRIENDS");

        await choice.SelectOptionAsync("Nobody");

        await Eventually.TrueAsync(() => bob.PresenceOf("alice")?.State == PresenceState.Hidden, "alice to be hidden from bob");
        await alice.Page.ReloadAsync();
        await alice.Page.GetByTestId("tab-friends").ClickAsync();
        await Expect(alice.Page.GetByLabel("Who sees when I am online")).ToHaveValueAsync("PRESENCE_AUDIENCE_NOBODY");
    }
}
