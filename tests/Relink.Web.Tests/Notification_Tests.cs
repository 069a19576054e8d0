using Relink.Client;
using Relink.Storage;
using Relink.Testing.Server;
using static Microsoft.Playwright.Assertions;

namespace Relink.Web.Tests;

/// <summary>
/// The unread count in the page title, and desktop notifications while the tab is hidden. Headless Chromium never
/// hides a tab, so an init script makes document.visibilityState answer what the test sets; it also records each
/// Notification the page makes (the permission itself is the browser context's real grant).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class Notification_Tests(BrowserFixture browser)
{
    private const string FakeVisibilityAndRecordNotifications = """
        (() => {
          window.__hidden = false;
          Object.defineProperty(Document.prototype, 'visibilityState', { get: () => (window.__hidden ? 'hidden' : 'visible') });
          Object.defineProperty(Document.prototype, 'hidden', { get: () => window.__hidden });
          const Real = window.Notification;
          window.__notifications = [];
          class Recorded extends EventTarget {
            static get permission() { return Real.permission; }
            static requestPermission() { return Real.requestPermission(); }
            constructor(title, options = {}) {
              super();
              this.title = title;
              this.body = options.body;
              this.tag = options.tag;
              window.__notifications.push(this);
            }
            close() { this.closed = true; }
          }
          window.Notification = Recorded;
        })();
        """;

    // Bob on the SDK, friends with Alice, their talk open on both sides.
    private static async Task<RelinkClient> BobAsync(TestServer server)
    {
        await Accounts.CreateFriendsAsync(server, "alice", "bob");
        await server.Get<IChatStore>().OpenTalkAsync(["alice", "bob"], ConversationId.Direct("alice", "bob"), DateTimeOffset.Now.AddDays(-1));
        return await Accounts.SignInAsync(server, "bob");
    }

    // Alice in the browser, notifications allowed by the browser (not yet by her) and the tab's visibility faked.
    private async Task<ChatPage> AliceAsync(TestServer server)
    {
        var alice = await browser.OpenAsync(server, async context =>
        {
            await context.GrantPermissionsAsync(["notifications"]);
            await context.AddInitScriptAsync(FakeVisibilityAndRecordNotifications);
        });
        await alice.SignInAsync("alice");
        return alice;
    }

    private static async Task SetHiddenAsync(ChatPage page, bool hidden) =>
        await page.Page.EvaluateAsync($"() => {{ window.__hidden = {(hidden ? "true" : "false")}; document.dispatchEvent(new Event('visibilitychange')); }}");

    [Fact]
    public async Task A_message_while_the_tab_is_hidden_counts_in_the_title_and_notifies_and_the_notification_opens_its_conversation()
    {
        await using var server = await TestServer.StartAsync();
        await using var bob = await BobAsync(server);
        await using var alice = await AliceAsync(server);
        var bell = alice.Page.GetByTestId("notify");
        await Expect(bell).ToHaveAttributeAsync("aria-pressed", "false");
        await bell.ClickAsync();
        await Expect(bell).ToHaveAttributeAsync("aria-pressed", "true");

        await bob.SendTextAsync(Peers.User("alice"), "seen while visible");
        await Expect(alice.UnreadBadge("Bob")).ToHaveTextAsync("1");
        await Expect(alice.Page).ToHaveTitleAsync("(1) Relink");
        (await alice.Page.EvaluateAsync<int>("() => window.__notifications.length")).ShouldBe(0, "a visible tab shows no notification");

        await SetHiddenAsync(alice, hidden: true);
        await bob.SendTextAsync(Peers.User("alice"), "are you there?");
        await Expect(alice.Page).ToHaveTitleAsync("(2) Relink");
        await alice.Page.WaitForFunctionAsync("() => window.__notifications.length === 1");
        var shown = await alice.Page.EvaluateAsync<string>("() => { const n = window.__notifications[0]; return [n.title, n.body, n.tag].join(' | '); }");
        shown.ShouldBe("Bob | are you there? | " + ConversationId.Direct("alice", "bob"), "from whom, what, and one per conversation");

        await SetHiddenAsync(alice, hidden: false);
        await alice.Page.EvaluateAsync("() => window.__notifications[0].dispatchEvent(new Event('click'))");
        await Expect(alice.Page.GetByTestId("chat-title")).ToHaveTextAsync("Bob");
        await Expect(alice.Page.GetByTestId("bubble").Last).ToHaveTextAsync("are you there?");
        await Expect(alice.Page).ToHaveTitleAsync("Relink", new() { Timeout = 30_000 }); // read now
        (await alice.Page.EvaluateAsync<bool>("() => window.__notifications[0].closed === true")).ShouldBeTrue();
    }

    [Fact]
    public async Task Notifications_stay_off_until_the_bell_is_clicked()
    {
        await using var server = await TestServer.StartAsync();
        await using var bob = await BobAsync(server);
        await using var alice = await AliceAsync(server);

        await SetHiddenAsync(alice, hidden: true);
        await bob.SendTextAsync(Peers.User("alice"), "hello?");
        await Expect(alice.Page).ToHaveTitleAsync("(1) Relink");
        (await alice.Page.EvaluateAsync<int>("() => window.__notifications.length")).ShouldBe(0, "nobody turned notifications on");
    }
}
