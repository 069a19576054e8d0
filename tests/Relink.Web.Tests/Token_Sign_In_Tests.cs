using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Playwright;
using Relink.Testing.Server;
using static Microsoft.Playwright.Assertions;

namespace Relink.Web.Tests;

/// <summary>
/// A page that hosts the chat hands the browser client a token (a JWT its backend minted) and the client signs in
/// with it instead of showing the form: the token goes in the login frame in place of a user id and password, it
/// never appears in the address, a server that knows the app's key signs the token's user in, and a token it
/// refuses (no key configured, expired, forged) brings the form back with a message.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class Token_Sign_In_Tests(BrowserFixture browser)
{
    public static TheoryData<string> Handoffs => new()
    {
        // A script of the hosting page, run before the client's module.
        "window.relinkConfig = { accessToken: 'header.payload.signature' };",
        // A page of the same origin, before it opened the chat.
        "sessionStorage.setItem('relink.accessToken', 'header.payload.signature');",
    };

    /// <summary>Tokens a server with the app's key refuses, by what is wrong with them.</summary>
    public static TheoryData<string> RefusedTokens => ["expired", "signed with another key", "unsigned"];

    [Theory]
    [MemberData(nameof(Handoffs))]
    public async Task A_server_with_the_apps_key_signs_in_the_user_a_handed_token_names_and_they_chat(string handoff)
    {
        await using var server = await TestServer.StartAsync(["--jwt-key", AppTokens.Secret]);
        string token = AppTokens.Mint("ann", name: "Ann from the app", lifetime: TimeSpan.FromMinutes(5));
        await using var ann = await browser.OpenAsync(server, context => context.AddInitScriptAsync(handoff.Replace("header.payload.signature", token, StringComparison.Ordinal)));

        await ann.ExpectSignedInAsync(); // no form: the token's subject, created at this first sign-in
        await Expect(ann.Page.GetByTestId("me")).ToHaveTextAsync("Ann from the app");
        await Accounts.CreateFriendsAsync(server, "bob");
        await using var bob = await Accounts.SignInAsync(server, "bob");
        // Bob asks and Ann accepts in her browser, so her client hears of the friendship as any user's would.
        await bob.AddFriendAsync("ann");
        await ann.Page.GetByTestId("tab-friends").ClickAsync();
        await ann.Page.GetByTestId("incoming-request").Filter(new() { HasText = "bob" }).GetByTestId("accept-request").ClickAsync();
        await Expect(ann.Page.GetByTestId("incoming-request")).ToHaveCountAsync(0);
        await ann.Page.GetByTestId("tab-chats").ClickAsync();
        await bob.SendTextAsync(Accounts.Direct("ann"), "Welcome, Ann");
        await ann.OpenTalkAsync("Bob");
        await ann.ExpectBubblesAsync("Welcome, Ann");
        await ann.SendAsync("Thanks, Bob");
        await Expect(ann.Messages.Last).ToHaveAttributeAsync("data-state", "stored");

        var history = await bob.GetHistoryAsync(Accounts.Direct("ann"));
        history.Messages.Select(m => (m.Sender.UserId, m.Text)).ShouldBe([("bob", "Welcome, Ann"), ("ann", "Thanks, Bob")]);
        ann.Page.Url.ShouldNotContain(token);
    }

    [Theory]
    [MemberData(nameof(RefusedTokens))]
    public async Task A_server_with_the_apps_key_refuses_an_expired_or_forged_token_and_the_form_comes_back_with_a_message(string wrong)
    {
        await using var server = await TestServer.StartAsync(["--jwt-key", AppTokens.Secret]);
        string token = wrong switch
        {
            "expired" => AppTokens.Mint("ann", now: DateTimeOffset.UtcNow.AddHours(-2), lifetime: TimeSpan.FromHours(1)),
            "signed with another key" => AppTokens.Mint("ann", signing: new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(AppTokens.Secret.ToUpperInvariant())), SecurityAlgorithms.HmacSha256)),
            _ => AppTokens.Unsigned("ann"),
        };
        await using var page = await browser.OpenAsync(server, context => context.AddInitScriptAsync($"window.relinkConfig = {{ accessToken: '{token}' }};"));

        await Expect(page.Page.GetByTestId("login-error")).ToHaveTextAsync("The sign-in token was refused; please sign in again.");
        await Expect(page.Page.GetByTestId("login-form")).ToBeVisibleAsync();
        await Expect(page.Page.Locator("#app")).ToBeHiddenAsync();
    }

    [Theory]
    [MemberData(nameof(Handoffs))]
    public async Task A_token_handed_in_by_the_hosting_page_goes_in_the_login_frame_and_a_refused_one_brings_the_form_back(string handoff)
    {
        await using var server = await TestServer.StartAsync();
        var logins = new ConcurrentQueue<JsonElement>();
        await using var page = await browser.OpenAsync(server, async context =>
        {
            await context.AddInitScriptAsync(handoff);
            context.Page += (_, p) => p.WebSocket += (_, socket) => socket.FrameSent += (_, frame) =>
            {
                using var envelope = JsonDocument.Parse(frame.Text ?? "{}");
                if (envelope.RootElement.TryGetProperty("login", out var login))
                {
                    logins.Enqueue(login.Clone());
                }
            };
        });

        await Expect(page.Page.GetByTestId("login-error")).ToHaveTextAsync("The sign-in token was refused; please sign in again.");

        var sent = logins.ShouldHaveSingleItem();
        sent.GetProperty("accessToken").GetString().ShouldBe("header.payload.signature");
        sent.TryGetProperty("password", out _).ShouldBeFalse();
        sent.TryGetProperty("userId", out _).ShouldBeFalse();
        page.Page.Url.ShouldNotContain("payload");
        (await page.Page.EvaluateAsync<string?>("() => sessionStorage.getItem('relink.accessToken')")).ShouldBeNull();
        await Expect(page.Page.GetByTestId("login-form")).ToBeVisibleAsync();
    }
}
