using Microsoft.Playwright;
using Relink.Testing.Server;
using static Microsoft.Playwright.Assertions;

namespace Relink.Web.Tests;

/// <summary>The group panel under a group's card: invite links, roles, removing and leaving, as each role sees them.</summary>
[Collection(BrowserCollection.Name)]
public sealed class Group_Panel_Tests(BrowserFixture browser)
{
    [Fact]
    public async Task An_invite_link_joins_a_signed_out_user_after_sign_in_and_shows_history_from_the_join_on()
    {
        await using var server = await TestServer.StartAsync();
        await Accounts.CreateFriendsAsync(server, "alice", "bob", "carol");
        await using var alice = await browser.SignedInAsync(server, "alice");
        await CreateGroupAsync(alice, "Weekend", "Bob");
        await alice.StartTalkFromFriendsAsync("Weekend", "groups");
        await alice.SendAsync("Before Carol");

        string link = await NewInviteLinkAsync(alice, "Weekend");

        // Carol opens the link signed out: the sign-in form first, then she is in the group's talk.
        await using var carol = await browser.OpenAsync(server);
        await carol.Page.GotoAsync("about:blank");
        await carol.Page.GotoAsync(link);
        await carol.SignInAsync("carol");
        await Expect(carol.Page.GetByTestId("chat-title")).ToHaveTextAsync("Weekend");
        await Expect(carol.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("^[^#]*$")); // the code is out of the address

        await alice.StartTalkFromFriendsAsync("Weekend", "groups");
        await alice.SendAsync("After Carol");
        await carol.ExpectBubblesAsync("After Carol"); // the default: nothing from before her join
        await Expect(alice.Page.GetByTestId("system-message")).ToHaveTextAsync(["Carol joined"]); // those made members at creation are no news
    }

    [Fact]
    public async Task A_signed_in_user_opening_an_invite_link_joins_at_once()
    {
        await using var server = await TestServer.StartAsync();
        await Accounts.CreateFriendsAsync(server, "alice", "bob");
        await using var alice = await browser.SignedInAsync(server, "alice");
        await CreateGroupAsync(alice, "Weekend");
        string link = await NewInviteLinkAsync(alice, "Weekend");

        await using var bob = await browser.SignedInAsync(server, "bob");
        await bob.Page.GotoAsync("about:blank");
        await bob.Page.GotoAsync(link); // a fresh load: the tab resumes its session, then joins

        await Expect(bob.Page.GetByTestId("chat-title")).ToHaveTextAsync("Weekend");
        await SelectGroupAsync(alice, "Weekend");
        await Expect(Member(alice, "bob").GetByTestId("member-role")).ToHaveTextAsync("Member");
    }

    [Fact]
    public async Task The_owner_makes_an_admin_who_removes_a_member_and_a_member_leaves()
    {
        await using var server = await TestServer.StartAsync();
        await Accounts.CreateFriendsAsync(server, "alice", "bob", "carol", "dave");
        await using var alice = await browser.SignedInAsync(server, "alice");
        await using var bob = await browser.SignedInAsync(server, "bob");
        await using var carol = await browser.SignedInAsync(server, "carol");
        await using var dave = await browser.SignedInAsync(server, "dave");
        await CreateGroupAsync(alice, "Weekend", "Carol", "Dave");

        // The owner adds a friend from the panel, and makes him an admin; Bob's panel now offers what an admin may
        // do, and no role changes.
        await alice.Page.GetByTestId("invite-friend-choice").SelectOptionAsync("bob");
        await alice.Page.GetByTestId("invite-friend").ClickAsync();
        await Expect(alice.Page.GetByTestId("group-member")).ToHaveCountAsync(4);
        await Member(alice, "bob").GetByTestId("make-admin").ClickAsync();
        await Expect(Member(alice, "bob").GetByTestId("member-role")).ToHaveTextAsync("Admin");
        await SelectGroupAsync(bob, "Weekend");
        await Expect(Member(bob, "bob").GetByTestId("member-role")).ToHaveTextAsync("Admin");
        await Expect(bob.Page.GetByTestId("create-invite")).ToBeVisibleAsync();
        await Expect(bob.Page.GetByTestId("make-admin")).ToHaveCountAsync(0);
        await Expect(Member(bob, "alice").GetByTestId("remove-member")).ToHaveCountAsync(0); // not the owner

        // Bob removes Carol: she is told, and the group leaves her lists.
        await SelectGroupAsync(carol, "Weekend");
        await Member(bob, "carol").GetByTestId("remove-member").ClickAsync();
        await Expect(carol.Page.Locator("#note")).ToHaveTextAsync("You were removed from Weekend.");
        await Expect(carol.Page.GetByTestId("groups").GetByTestId("person-name")).ToHaveCountAsync(0);
        await Expect(Member(bob, "carol")).ToHaveCountAsync(0);

        // Dave, a member, may only leave.
        await SelectGroupAsync(dave, "Weekend");
        await Expect(dave.Page.GetByTestId("create-invite")).ToHaveCountAsync(0);
        await Expect(dave.Page.GetByTestId("remove-member")).ToHaveCountAsync(0);
        await dave.Page.GetByTestId("leave-group").ClickAsync();
        await Expect(dave.Page.GetByTestId("groups").GetByTestId("person-name")).ToHaveCountAsync(0);

        await Expect(alice.Page.GetByTestId("group-member")).ToHaveCountAsync(2);
        await alice.StartTalkFromFriendsAsync("Weekend", "groups");
        await Expect(alice.Page.GetByTestId("system-message")).ToContainTextAsync(
            ["Alice added Bob", "Alice made Bob an admin", "Bob removed Carol", "Dave left"]);
    }

    /// <summary>Friends tab, "New", a name and the friends to add: the new group's card and panel show.</summary>
    private static async Task CreateGroupAsync(ChatPage tab, string name, params string[] friends)
    {
        await tab.Page.GetByTestId("tab-friends").ClickAsync();
        await tab.Page.GetByTestId("new-group").ClickAsync();
        await tab.Page.GetByTestId("group-name").FillAsync(name);
        foreach (string friend in friends)
        {
            await tab.Page.GetByTestId("create-group-form").GetByLabel(friend).CheckAsync();
        }

        await tab.Page.GetByTestId("create-group").ClickAsync();
        await Expect(tab.Page.GetByTestId("group-member")).ToHaveCountAsync(friends.Length + 1);
    }

    private static async Task SelectGroupAsync(ChatPage tab, string name)
    {
        await tab.BackToListAsync();
        await tab.Page.GetByTestId("tab-friends").ClickAsync();
        await tab.Page.GetByTestId("groups").GetByText(name, new() { Exact = true }).ClickAsync();
        await Expect(tab.Page.GetByTestId("group-member").First).ToBeVisibleAsync();
    }

    private static async Task<string> NewInviteLinkAsync(ChatPage tab, string group)
    {
        await SelectGroupAsync(tab, group);
        await tab.Page.GetByTestId("create-invite").ClickAsync();
        var field = tab.Page.GetByTestId("invite-link");
        await Expect(field).ToHaveCountAsync(1);
        return await field.InputValueAsync();
    }

    private static ILocator Member(ChatPage tab, string userId) =>
        tab.Page.Locator($"[data-testid=group-member][data-user-id={userId}]");
}
