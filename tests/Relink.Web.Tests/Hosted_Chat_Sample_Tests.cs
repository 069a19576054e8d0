using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Relink.Server.Connections;
using Relink.Server.Sessions;
using static Microsoft.Playwright.Assertions;

namespace Relink.Web.Tests;

/// <summary>
/// The hosted-chat sample: people sign in to the app (its page, its cookie), and the app's chat page talks to the
/// Relink it hosts, which takes the app's word for who they are. Visitors the app did not sign in get nowhere.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class Hosted_Chat_Sample_Tests(BrowserFixture browser)
{
    private const string Password = "hosted-demo";

    [Fact]
    public async Task Two_people_the_app_signed_in_chat_through_its_page()
    {
        await using var sample = new HostedChatSample();
        await using var alice = await SignedInAsync(sample, "alice");
        await using var bob = await SignedInAsync(sample, "bob");
        await Expect(alice.Page.GetByTestId("me")).ToHaveTextAsync("Alice Archer");

        await alice.Page.GetByTestId("person-bob").ClickAsync();
        await alice.Page.GetByTestId("composer-input").FillAsync("Hi Bob, from inside the app");
        await alice.Page.GetByTestId("composer-send").ClickAsync();
        await bob.Page.GetByTestId("person-alice").ClickAsync();

        await Expect(bob.Page.GetByTestId("message")).ToHaveTextAsync(["Alice Archer: Hi Bob, from inside the app"]);
        await bob.Page.GetByTestId("composer-input").FillAsync("Hello Alice");
        await bob.Page.GetByTestId("composer-send").ClickAsync();
        await Expect(alice.Page.GetByTestId("message")).ToHaveTextAsync(["Alice Archer: Hi Bob, from inside the app", "Bob Baker: Hello Alice"]);
    }

    [Fact]
    public async Task When_the_link_drops_the_page_reconnects_resumes_its_session_and_loses_nothing()
    {
        await using var sample = new HostedChatSample();
        await using var alice = await SignedInAsync(sample, "alice");
        await using var bob = await SignedInAsync(sample, "bob");
        await alice.Page.GetByTestId("person-bob").ClickAsync();
        await alice.Page.GetByTestId("composer-input").FillAsync("Before the drop");
        await alice.Page.GetByTestId("composer-send").ClickAsync();
        await bob.Page.GetByTestId("person-alice").ClickAsync();
        await Expect(bob.Page.GetByTestId("message")).ToHaveTextAsync(["Alice Archer: Before the drop"]);
        await alice.Page.EvaluateAsync("() => { window.sessions = []; hostedChat.client.on('session', (s) => sessions.push(s.resumed)); }");

        // Alice's browser loses the network (so her page waits for it rather than retrying), and her link dies as a
        // network would cut it: the server drops it without a word (unless the browser's going offline ended it).
        await alice.Context.SetOfflineAsync(true);
        var links = sample.Services.GetRequiredService<ConnectionRegistry>();
        links.All.SingleOrDefault(c => c.Session.User?.UserId == "alice")?.Abort(CloseReason.TransportError);
        await Expect(alice.Page.GetByTestId("status")).ToHaveTextAsync("Offline: waiting for the network");
        await bob.Page.GetByTestId("composer-input").FillAsync("Sent while you were away");
        await bob.Page.GetByTestId("composer-send").ClickAsync();
        await Expect(bob.Page.GetByTestId("message")).ToHaveCountAsync(2);
        await alice.Page.GetByTestId("composer-input").FillAsync("Written while away");
        await alice.Page.GetByTestId("composer-send").ClickAsync();
        await Expect(alice.Page.GetByTestId("message")).ToHaveTextAsync(["Alice Archer: Before the drop"]);

        await alice.Context.SetOfflineAsync(false);
        await Expect(alice.Page.GetByTestId("status")).ToHaveTextAsync("Online");
        string[] conversation = ["Alice Archer: Before the drop", "Bob Baker: Sent while you were away", "Alice Archer: Written while away"];
        await Expect(alice.Page.GetByTestId("message")).ToHaveTextAsync(conversation);
        await Expect(bob.Page.GetByTestId("message")).ToHaveTextAsync(conversation);
        (await alice.Page.EvaluateAsync<bool[]>("() => window.sessions")).ShouldBe([true]); // resumed, no new login
    }

    [Fact]
    public async Task A_visitor_the_app_did_not_sign_in_gets_the_sign_in_page_and_no_chat()
    {
        await using var sample = new HostedChatSample();
        await using var visitor = await browser.OpenAsync(sample.HttpPort);

        await Expect(visitor.Page).ToHaveURLAsync(SignInUrl());
        await SignInAsync(visitor.Page, "alice", "wrong-password");
        await Expect(visitor.Page.GetByTestId("signin-error")).ToHaveTextAsync("Unknown user or wrong password.");

        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("relink.json");
        socket.Options.CollectHttpResponseDetails = true;
        await Should.ThrowAsync<WebSocketException>(() => socket.ConnectAsync(new Uri($"ws://127.0.0.1:{sample.HttpPort}/relink/ws"), CancellationToken.None));
        socket.HttpStatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_apps_cookie_is_the_Relink_login_of_any_WebSocket_client()
    {
        await using var sample = new HostedChatSample();
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = sample.BaseAddress };
        string form = await http.GetStringAsync("/signin");
        var token = AntiforgeryField().Match(form);
        using var signIn = await http.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [token.Groups["name"].Value] = WebUtility.HtmlDecode(token.Groups["value"].Value),
            ["userId"] = "carol",
            ["password"] = Password,
        }));
        signIn.StatusCode.ShouldBe(HttpStatusCode.OK); // followed the redirect to the chat page

        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("relink.json");
        socket.Options.Cookies = cookies;
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{sample.HttpPort}/relink/ws"), CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes("""{"requestId":1,"login":{}}"""), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[64 * 1024];
        using var deadline = new CancellationTokenSource(BrowserFixture.Patience);
        var received = await socket.ReceiveAsync(buffer, deadline.Token);

        string answer = Encoding.UTF8.GetString(buffer, 0, received.Count);
        answer.ShouldContain("\"loginOk\"");
        answer.ShouldContain("\"nickname\": \"Carol Cooper\"");
    }

    private async Task<ChatPage> SignedInAsync(HostedChatSample sample, string userId)
    {
        var page = await browser.OpenAsync(sample.HttpPort);
        await SignInAsync(page.Page, userId, Password);
        await Expect(page.Page.GetByTestId("status")).ToHaveTextAsync("Online");
        return page;
    }

    private static async Task SignInAsync(IPage page, string userId, string password)
    {
        await page.GetByTestId("signin-user").FillAsync(userId);
        await page.GetByTestId("signin-password").FillAsync(password);
        await page.GetByTestId("signin-submit").ClickAsync();
    }

    [GeneratedRegex(@"/signin")]
    private static partial Regex SignInUrl();

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]+)" value="(?<value>[^"]+)">""")]
    private static partial Regex AntiforgeryField();
}
