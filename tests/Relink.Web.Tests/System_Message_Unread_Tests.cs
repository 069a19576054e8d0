using Relink.Client;
using Relink.Testing.Server;
using static Microsoft.Playwright.Assertions;

namespace Relink.Web.Tests;

/// <summary>
/// Group system messages (joined, left, renamed, role changed) are lines of the conversation but not news: like
/// WhatsApp's group notices they raise no unread badge and no count in the page title, whether they arrive live or
/// are counted by the server at sign-in.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class System_Message_Unread_Tests(BrowserFixture browser)
{
    [Fact]
    public async Task Membership_changes_show_in_the_talk_without_raising_the_unread_badge_and_a_message_does()
    {
        await using var server = await TestServer.StartAsync();
        await Accounts.CreateFriendsAsync(server, "alice", "bob", "carol", "dave");
        await using var bob = await Accounts.SignInAsync(server, "bob");
        var group = await bob.CreateGroupAsync("Hikers", ["alice"]);
        await bob.InviteToGroupAsync(group.GroupId, "carol"); // counted by the server, before Alice signs in
        await using var alice = await browser.OpenAsync(server);
        await alice.SignInAsync("alice");
        await Expect(alice.Talk("Hikers").GetByTestId("talk-sketch")).ToContainTextAsync("added Carol");
        await Expect(alice.UnreadBadge("Hikers")).ToHaveCountAsync(0);

        // Live, while the talk is not open: a join, a rename and a role change, then a message.
        await bob.InviteToGroupAsync(group.GroupId, "dave");
        await bob.RenameGroupAsync(group.GroupId, "Hikers & friends");
        await bob.SetGroupRoleAsync(group.GroupId, "carol", GroupRole.Admin);
        await Expect(alice.Talk("Hikers & friends").GetByTestId("talk-sketch")).ToContainTextAsync("made Carol an admin");
        await Expect(alice.UnreadBadge("Hikers & friends")).ToHaveCountAsync(0);
        await Expect(alice.Page).ToHaveTitleAsync("Relink");

        await bob.SendTextAsync(Accounts.Group(group.GroupId), "Saturday at nine?");
        await Expect(alice.Talk("Hikers & friends").GetByTestId("talk-sketch")).ToContainTextAsync("Saturday at nine?");
        await Expect(alice.UnreadBadge("Hikers & friends")).ToHaveTextAsync("1");
        await Expect(alice.Page).ToHaveTitleAsync("(1) Relink");

        // Signed in again, the server's count agrees.
        await alice.Page.ReloadAsync();
        await Expect(alice.UnreadBadge("Hikers & friends")).ToHaveTextAsync("1");
        await alice.OpenTalkAsync("Hikers & friends");
        await Expect(alice.Page.GetByTestId("system-message").Filter(new() { HasText = "Bob added Dave" })).ToHaveCountAsync(1);
        await Expect(alice.UnreadBadge("Hikers & friends")).ToHaveCountAsync(0);
        await Expect(alice.Page).ToHaveTitleAsync("Relink");
    }
}
