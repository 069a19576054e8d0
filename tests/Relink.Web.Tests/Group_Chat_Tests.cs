using System.Text.RegularExpressions;
using Relink.Testing.Server;
using static Microsoft.Playwright.Assertions;

namespace Relink.Web.Tests;

[Collection(BrowserCollection.Name)]
public sealed partial class Group_Chat_Tests(BrowserFixture browser)
{
    [Theory]
    [InlineData("desktop")]
    [InlineData("phone")]
    public async Task A_group_is_created_joined_by_id_and_shows_each_message_with_its_sender(string screen)
    {
        await using var server = await TestServer.StartAsync();
        await Accounts.CreateFriendsAsync(server, "alice", "bob", "carol");
        await using var alice = await browser.SignedInAsync(server, "alice", Screen.Named(screen));
        await using var bob = await browser.SignedInAsync(server, "bob", Screen.Named(screen));
        await using var carol = await browser.SignedInAsync(server, "carol", Screen.Named(screen));

        // Alice creates "Weekend" with Bob and makes it public; Carol joins it by its id.
        await alice.Page.GetByTestId("tab-friends").ClickAsync();
        await alice.Page.GetByTestId("new-group").ClickAsync();
        await alice.Page.GetByTestId("group-name").FillAsync("Weekend");
        await alice.Page.GetByTestId("create-group-form").GetByLabel("Bob").CheckAsync();
        await alice.Page.GetByTestId("new-group-public").CheckAsync(); // joining by id alone takes a public group
        await alice.Page.GetByTestId("create-group").ClickAsync();
        var card = alice.Page.GetByTestId("card");
        await Expect(card).ToContainTextAsync("2 members");
        string groupId = GroupIdPattern().Match(await card.InnerTextAsync()).Groups[1].Value;
        await Expect(alice.Page.GetByTestId("group-public")).ToBeCheckedAsync(); // the group panel shows it public

        await carol.Page.GetByTestId("tab-friends").ClickAsync();
        await carol.Page.GetByTestId("join-group").ClickAsync();
        await carol.Page.GetByTestId("group-id").FillAsync(groupId);
        await carol.Page.GetByTestId("join").ClickAsync();
        await Expect(carol.Page.GetByTestId("groups").GetByTestId("person-name")).ToHaveTextAsync(["Weekend"]);
        await bob.Page.GetByTestId("tab-friends").ClickAsync();
        await Expect(bob.Page.GetByTestId("groups").GetByTestId("person-name")).ToHaveTextAsync(["Weekend"]);
        await Expect(card).ToContainTextAsync("3 members"); // Alice was told Carol joined

        await alice.StartTalkFromFriendsAsync("Weekend", "groups");
        await alice.SendAsync("Who is in for Saturday?");

        // Bob's talk list gains the group with its sketch and an unread badge; opening it clears the badge.
        await bob.Page.GetByTestId("tab-chats").ClickAsync();
        await Expect(bob.Talk("Weekend").GetByTestId("talk-sketch")).ToHaveTextAsync("Alice: Who is in for Saturday?");
        // One unread: Carol's join is a line of the conversation (docs/protocol.md §3.3), but not news; Alice's is.
        await Expect(bob.UnreadBadge("Weekend")).ToHaveTextAsync("1");
        await bob.OpenTalkAsync("Weekend");
        await Expect(bob.UnreadBadge("Weekend")).ToHaveCountAsync(0);

        await carol.OpenTalkAsync("Weekend");
        await carol.SendAsync("Me!");

        await alice.ExpectBubblesAsync("Who is in for Saturday?", "Me!");
        await Expect(alice.Page.GetByTestId("messages").GetByTestId("sender")).ToHaveTextAsync(["Carol"]); // not on her own
        await bob.ExpectBubblesAsync("Who is in for Saturday?", "Me!");
        await Expect(bob.Page.GetByTestId("messages").GetByTestId("sender")).ToHaveTextAsync(["Alice", "Carol"]);
        await Expect(bob.Talk("Weekend").GetByTestId("talk-sketch")).ToHaveTextAsync("Carol: Me!");
        await bob.ScreenshotAsync($"{screen}-group-chat");
    }

    [GeneratedRegex(@"Group (\d+)")]
    private static partial Regex GroupIdPattern();
}
