using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Playwright;
using Relink.Testing.Server;
using static Microsoft.Playwright.Assertions;

namespace Relink.Web.Tests;

/// <summary>
/// A page that hosts the chat hands the browser client a token (a JWT its backend minted) and the client signs in
/// with it instead of showing the form. What is checked here is the client's side: the token goes in the login frame
/// in place of a user id and password, it never appears in the address, and a refused token brings the form back
/// with a message (this server has no JWT key configured, so it refuses every token).
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
