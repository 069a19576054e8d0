using Relink.Testing.Server;
using static Microsoft.Playwright.Assertions;

namespace Relink.Web.Tests;

[Collection(BrowserCollection.Name)]
public sealed class Message_View_Tests(BrowserFixture browser)
{
    [Fact]
    public async Task Messages_show_their_time_under_day_separators_and_a_run_from_one_sender_is_one_group()
    {
        await using var server = await TestServer.StartAsync();
        await Accounts.CreateFriendsAsync(server, "alice", "bob");
        var (_, club) = await Conversations.GroupAsync(server, "Club", "alice", "bob");
        var yesterday = new DateTimeOffset(DateTime.Today.AddDays(-1).AddHours(10));
        var today = new DateTimeOffset(DateTime.Today.AddMinutes(1));
        await Conversations.SayAsync(server, club, "bob", "morning", yesterday);
        await Conversations.SayAsync(server, club, "bob", "still me", yesterday.AddMinutes(1));
        await Conversations.SayAsync(server, club, "alice", "hi Bob", yesterday.AddMinutes(2));
        await Conversations.SayAsync(server, club, "bob", "a new day", today);
        await Conversations.SayAsync(server, club, "bob", "and more", today.AddMinutes(1));

        await using var alice = await browser.SignedInAsync(server, "alice");
        await alice.OpenTalkAsync("Club");

        await alice.ExpectBubblesAsync("morning", "still me", "hi Bob", "a new day", "and more");
        var messages = alice.Page.GetByTestId("messages");
        await Expect(messages.GetByTestId("day-separator")).ToHaveTextAsync(["Yesterday", "Today"]);
        await Expect(messages.GetByTestId("message-time")).ToHaveTextAsync(["10:00", "10:01", "10:02", "00:01", "00:02"]);
        // Bob's name and head open each of his runs; the new day starts a new run.
        await Expect(messages.GetByTestId("sender")).ToHaveTextAsync(["Bob", "Bob"]);
        await Expect(alice.Messages.Nth(1)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bfollow\b"));
        await Expect(alice.Messages.Nth(4)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bfollow\b"));
        await Expect(messages.Locator(".message.follow")).ToHaveCountAsync(2);
        await Expect(messages.Locator(".message.theirs .avatar")).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task Web_addresses_become_safe_links_and_everything_else_stays_text()
    {
        const string text = "see https://example.org/a?b=1&c=<b>x</b>. or <a href=\"javascript:alert(1)\">me</a> javascript:alert(2) http://example.net";
        await using var server = await TestServer.StartAsync();
        await Accounts.CreateFriendsAsync(server, "alice", "bob");
        await using var alice = await browser.SignedInAsync(server, "alice");
        alice.Watch();
        await alice.StartTalkFromFriendsAsync("Bob");
        await alice.SendAsync(text);

        await alice.ExpectBubblesAsync(text); // every character shown, markup included
        var links = alice.Page.GetByTestId("messages").GetByTestId("link");
        await Expect(links).ToHaveTextAsync(["https://example.org/a?b=1&c=", "http://example.net"]);
        await Expect(links.First).ToHaveAttributeAsync("href", "https://example.org/a?b=1&c=");
        await Expect(links.Last).ToHaveAttributeAsync("href", "http://example.net/");
        foreach (var link in await links.AllAsync())
        {
            await Expect(link).ToHaveAttributeAsync("rel", "noopener noreferrer");
            await Expect(link).ToHaveAttributeAsync("target", "_blank");
        }

        await Expect(alice.Page.Locator("#app a:not([data-testid='link']), #app b")).ToHaveCountAsync(0);
        alice.Dialogs.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_new_message_in_the_open_talk_is_read_out_through_the_polite_live_region()
    {
        await using var server = await TestServer.StartAsync();
        await Accounts.CreateFriendsAsync(server, "alice", "bob");
        await using var alice = await browser.SignedInAsync(server, "alice");
        await alice.StartTalkFromFriendsAsync("Bob");
        await using var bob = await Accounts.SignInAsync(server, "bob");
        await bob.SendTextAsync(Accounts.Direct("alice"), "are you there?");

        var announcer = alice.Page.GetByTestId("announcer");
        await Expect(announcer).ToHaveAttributeAsync("aria-live", "polite");
        await Expect(announcer).ToHaveTextAsync("Bob: are you there?");
        await alice.SendAsync("yes");
        await alice.ExpectBubblesAsync("are you there?", "yes");
        await Expect(announcer).ToHaveTextAsync("Bob: are you there?"); // our own message is not news
    }
}
