using Relink.Storage;
using Relink.Testing.Server;
using static Microsoft.Playwright.Assertions;

namespace Relink.Web.Tests;

[Collection(BrowserCollection.Name)]
public sealed class Outbox_Tests(BrowserFixture browser)
{
    [Fact]
    public async Task A_refused_message_shows_a_retry_button_that_sends_it_once()
    {
        await using var server = await TestServer.StartAsync();
        await Accounts.CreateFriendsAsync(server, "alice", "bob");
        string groupId;
        await using (var sdkAlice = await Accounts.SignInAsync(server, "alice"))
        {
            // Whole history: the test is about the retry, and Alice's tab keeps its place in the group across the
            // removal and re-adding it is not told about (the store is changed behind the server's back).
            groupId = (await sdkAlice.CreateGroupWithSettingsAsync("Club", isPublic: false, Relink.Client.GroupHistory.Whole, ["bob"])).GroupId;
        }

        await using var alice = await browser.SignedInAsync(server, "alice");
        await alice.StartTalkFromFriendsAsync("Club", "groups");

        // Behind her back Alice is no longer a member: the server refuses her message.
        var store = server.Get<IChatStore>();
        var access = server.Get<Relink.Server.Access.IConversationAccess>();
        await store.RemoveGroupMemberAsync(groupId, "alice", DateTimeOffset.UtcNow);
        access.InvalidateGroup(groupId); // as every membership change made through the server does
        await alice.SendAsync("anyone here?");
        var failed = alice.Page.GetByTestId("messages").Locator("[data-state='failed']");
        await Expect(failed).ToContainTextAsync("anyone here?");

        await store.AddGroupMemberAsync(groupId, "alice", DateTimeOffset.UtcNow);
        access.InvalidateGroup(groupId);
        await failed.GetByTestId("retry").ClickAsync();

        await Expect(alice.Page.GetByTestId("messages").Locator("[data-state='stored']").GetByTestId("bubble")).ToHaveTextAsync(["anyone here?"]);
        await Expect(failed).ToHaveCountAsync(0);
        var stored = await store.GetMessagesAsync(ConversationId.Group(groupId), null, 0, 50);
        stored.Messages.Where(m => m.Kind == MessageKind.Text).Select(m => m.Text).ShouldBe(["anyone here?"]); // besides the leave and join system messages
    }

    [Fact]
    public async Task Messages_typed_faster_than_the_send_budget_all_go_out_in_order_and_none_shows_failed()
    {
        // A burst of 2, then 5 a second: the third message on is refused with RATE_LIMITED at first.
        await using var server = await TestServer.StartAsync(["--Relink:Limits:SendBurst=2", "--Relink:Limits:SendsPerSecond=5"]);
        await Accounts.CreateFriendsAsync(server, "alice", "bob");
        await using var alice = await browser.SignedInAsync(server, "alice");
        await alice.StartTalkFromFriendsAsync("Bob");
        string[] texts = ["one", "two", "three", "four", "five", "six", "seven"];

        foreach (string text in texts)
        {
            await alice.SendAsync(text);
        }

        await Expect(alice.Page.GetByTestId("messages").Locator("[data-state='stored']").GetByTestId("bubble")).ToHaveTextAsync(texts, new() { Timeout = 30_000 });
        await Expect(alice.Page.GetByTestId("messages").Locator("[data-state='failed']")).ToHaveCountAsync(0);
        var stored = await server.Get<IChatStore>().GetMessagesAsync(ConversationId.Direct("alice", "bob"), null, 0, 50);
        stored.Messages.Select(m => m.Text).ShouldBe(texts, "stored once each, in the order typed");
    }
}
