using Relink.Client;
using Relink.Storage;
using Relink.Testing;
using Relink.Testing.Server;
using static Microsoft.Playwright.Assertions;

namespace Relink.Web.Tests;

/// <summary>
/// Read receipts in the browser: ticks on our 1:1 messages (sent, delivered, read, each with its word for screen
/// readers), "Read by N" in a group with the list on request, the setting that turns them off, and read sync: a
/// read in one tab clears the unread badge in the user's other tab, live. Friends are .NET SDK clients; the server's
/// read interval is short so coalesced notices come quickly.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class Read_Receipt_Tests(BrowserFixture browser)
{
    private static readonly string[] Args = ["--multi-device", "--read-notice-interval", "100ms"];

    private static async Task<TestServer> FriendsAsync(params string[] userIds)
    {
        var server = await TestServer.StartAsync(Args);
        await Accounts.CreateFriendsAsync(server, userIds);
        await server.Get<IChatStore>().OpenTalkAsync(["alice", "bob"], ConversationId.Direct("alice", "bob"), DateTimeOffset.Now.AddDays(-1));
        return server;
    }

    [Fact]
    public async Task Our_message_is_ticked_sent_then_delivered_then_read_and_turning_receipts_off_hides_the_read()
    {
        await using var server = await FriendsAsync("alice", "bob");
        await using var bob = await Accounts.SignInAsync(server, "bob"); // receives, so its device acks: "delivered"
        await using var alice = await browser.SignedInAsync(server, "alice");
        await alice.OpenTalkAsync("Bob");
        var receipt = alice.Messages.Last.GetByTestId("receipt");

        await alice.SendAsync("are you there?");

        await Expect(receipt).ToHaveAttributeAsync("data-receipt", "delivered", new() { Timeout = 30_000 });
        await Expect(receipt).ToHaveAttributeAsync("aria-label", "Delivered");
        var sent = await Eventually.WithinAsync(bob.GetHistoryAsync(Peers.User("alice")), "bob's history");
        await bob.MarkReadAsync(Peers.User("alice"), sent.LastSeq);
        await Expect(receipt).ToHaveAttributeAsync("data-receipt", "read");
        await Expect(receipt).ToHaveAttributeAsync("aria-label", "Read");

        var setting = alice.Page.GetByTestId("read-receipts");
        await Expect(setting).ToHaveAttributeAsync("aria-pressed", "true");
        await setting.ClickAsync();
        await Expect(setting).ToHaveAttributeAsync("aria-pressed", "false");
        await Expect(receipt).ToHaveAttributeAsync("data-receipt", "sent", new() { Timeout = 30_000 });
        (await server.Get<IChatStore>().GetReadReceiptsAsync("alice")).ShouldBeFalse("the setting is stored");
        await setting.ClickAsync();
        await Expect(receipt).ToHaveAttributeAsync("data-receipt", "read");
    }

    [Fact]
    public async Task In_a_group_our_message_says_read_by_n_and_opens_the_list_of_who_read_it()
    {
        await using var server = await TestServer.StartAsync(Args);
        await Accounts.CreateFriendsAsync(server, "alice", "bob", "carol", "dan");
        var (groupId, _) = await Conversations.GroupAsync(server, "Hikers", "alice", "bob", "carol", "dan");
        await using var bob = await Accounts.SignInAsync(server, "bob");
        await using var carol = await Accounts.SignInAsync(server, "carol");
        await using var alice = await browser.SignedInAsync(server, "alice");
        await alice.OpenTalkAsync("Hikers");

        await alice.SendAsync("summit at noon?");
        await Expect(alice.Messages.Last).ToHaveAttributeAsync("data-state", "stored", new() { Timeout = 30_000 });
        var readBy = alice.Messages.Last.GetByTestId("read-by");
        var group = Peers.Group(groupId);
        long seq = (await Eventually.WithinAsync(bob.GetHistoryAsync(group), "bob's history")).LastSeq;
        await bob.MarkReadAsync(group, seq);
        await Expect(readBy).ToHaveTextAsync("Read by 1", new() { Timeout = 30_000 });
        await carol.MarkReadAsync(group, seq);
        await Expect(readBy).ToHaveTextAsync("Read by 2");

        await readBy.ClickAsync();

        await Expect(readBy).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(alice.Page.GetByTestId("reader")).ToHaveTextAsync(["Bob", "Carol"]);
        await alice.ExpectAccessibleAsync("group conversation with the read-by list open");
    }

    [Fact]
    public async Task Reading_in_one_tab_clears_the_unread_badge_in_the_other_tab_at_once()
    {
        await using var server = await FriendsAsync("alice", "bob");
        await using var bob = await Accounts.SignInAsync(server, "bob");
        await using var laptop = await browser.SignedInAsync(server, "alice");
        await using var phone = await browser.SignedInAsync(server, "alice");
        await bob.SendTextAsync(Peers.User("alice"), "one");
        await bob.SendTextAsync(Peers.User("alice"), "two");
        await Expect(laptop.UnreadBadge("Bob")).ToHaveTextAsync("2", new() { Timeout = 30_000 });
        await Expect(phone.UnreadBadge("Bob")).ToHaveTextAsync("2", new() { Timeout = 30_000 });

        await phone.OpenTalkAsync("Bob");

        await Expect(phone.UnreadBadge("Bob")).ToHaveCountAsync(0);
        await Expect(laptop.UnreadBadge("Bob")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await Expect(laptop.Page).ToHaveTitleAsync("Relink");
    }
}
