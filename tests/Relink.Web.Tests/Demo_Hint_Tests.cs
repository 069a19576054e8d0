using Relink.Testing.Server;
using static Microsoft.Playwright.Assertions;

namespace Relink.Web.Tests;

/// <summary>A newcomer who opens the page of a server with demo users is told which account to try, and can chat at once.</summary>
[Collection(BrowserCollection.Name)]
public sealed class Demo_Hint_Tests(BrowserFixture browser)
{
    [Theory]
    [InlineData("desktop")]
    [InlineData("phone-dark")]
    public async Task With_demo_users_the_sign_in_page_names_one_and_signs_in_with_it(string screen)
    {
        await using var server = await TestServer.StartAsync(["--Relink:Demo=true"]); // the kit's servers start with --no-demo
        await using var page = await browser.OpenAsync(server, screen: Screen.Named(screen));
        page.Watch();

        var hint = page.Page.GetByTestId("login-demo");
        await Expect(hint).ToBeVisibleAsync();
        await Expect(hint).ToContainTextAsync("This server has demo users. Try alice with the password relink123");
        await page.ExpectAccessibleAsync("sign-in with the demo note");

        await page.Page.GetByTestId("login-demo-fill").ClickAsync();
        await Expect(page.Page.GetByTestId("login-submit")).ToBeFocusedAsync(); // Enter signs in
        await page.Page.Keyboard.PressAsync("Enter");
        await page.ExpectSignedInAsync();
        await Expect(page.Talk("Bob")).ToBeVisibleAsync(); // the demo conversation with Bob is there to carry on
        page.PolicyViolations.ShouldBeEmpty();
    }

    [Fact]
    public async Task Without_demo_users_the_sign_in_page_says_nothing_about_them()
    {
        await using var server = await TestServer.StartAsync();
        await using var page = await browser.OpenAsync(server);
        var config = await page.Page.APIRequest.GetAsync("client-config");
        (await config.TextAsync()).ShouldBe("{\"demo\":null,\"editWindowMs\":86400000,\"recallWindowMs\":120000}"); // the page has had its answer too

        await Expect(page.Page.GetByTestId("login-form")).ToBeVisibleAsync();
        await Expect(page.Page.GetByTestId("login-demo")).ToBeHiddenAsync();
        await Expect(page.Page.GetByTestId("login-demo")).ToBeEmptyAsync();
    }

    [Fact]
    public async Task Demo_on_but_no_demo_users_in_the_database_shows_nothing()
    {
        // Demo users are made only on an empty database: a server whose users came first has none to suggest.
        await using var server = await TestServer.StartAsync();
        await Accounts.CreateFriendsAsync(server, "zoe", "yann");
        await server.StopAsync();
        await using var demo = await TestServer.StartAsync(["--Relink:Demo=true"], dataDirectory: server.DataDirectory);
        await using var page = await browser.OpenAsync(demo);

        await Expect(page.Page.GetByTestId("login-form")).ToBeVisibleAsync();
        var config = await page.Page.APIRequest.GetAsync("client-config");
        (await config.TextAsync()).ShouldBe("{\"demo\":null,\"editWindowMs\":86400000,\"recallWindowMs\":120000}");
        await Expect(page.Page.GetByTestId("login-demo")).ToBeHiddenAsync();
    }
}
