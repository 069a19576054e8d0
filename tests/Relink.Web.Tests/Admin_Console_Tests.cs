using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Relink.Client;
using Relink.Testing.Server;
using static Microsoft.Playwright.Assertions;

namespace Relink.Web.Tests;

/// <summary>The admin console (/admin) in Chromium: an operator signs in, watches the server, and signs a user out.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class Admin_Console_Tests(BrowserFixture browser)
{
    [Theory]
    [InlineData("desktop")]
    [InlineData("phone-dark")]
    public async Task An_admin_sees_the_server_and_who_is_online_searches_and_signs_a_user_out_everywhere(string screen)
    {
        await using var server = await TestServer.StartAsync(["--admins", "boss", "--Relink:AdminSampleInterval=250ms"]);
        await Accounts.CreateFriendsAsync(server, "boss", "ann");
        await using var ann = await Accounts.SignInAsync(server, "ann");
        var kicked = new TaskCompletionSource<Kicked>(TaskCreationOptions.RunContinuationsAsynchronously);
        ann.Kicked += (_, kick) => kicked.TrySetResult(kick);

        await using var tab = await browser.OpenAdminAsync(server, Screen.Named(screen));
        var page = tab.Page;
        await Expect(page.GetByTestId("admin-signin")).ToBeVisibleAsync();
        await tab.ExpectAccessibleAsync("admin sign-in");

        // A chat user who is not an admin gets the same answer as a wrong password.
        await SignInAsync(page, "ann", Accounts.Password);
        await Expect(page.GetByTestId("admin-error")).ToHaveTextAsync("Unknown admin, wrong password or wrong token.");
        await SignInAsync(page, "boss", Accounts.Password);
        await Expect(page.GetByTestId("admin-name")).ToHaveTextAsync("boss");

        // Server info: one node today, with the ports it listens on and the one session online.
        var node = page.GetByTestId("node");
        await Expect(node).ToHaveCountAsync(1);
        await Expect(node.GetByTestId("node-tcp-port")).ToHaveTextAsync(server.TcpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(node.GetByTestId("node-online-sessions")).ToHaveTextAsync("1");
        await Expect(node.GetByTestId("node-uptime")).ToHaveTextAsync(UptimePattern());

        // Online users, and a search that finds nobody, then ann.
        var annRow = page.Locator("[data-testid='user-row'][data-user-id='ann']");
        await Expect(annRow.GetByTestId("user-status")).ToHaveTextAsync("online");
        await page.GetByTestId("user-query").FillAsync("nobody");
        await page.GetByTestId("user-search-submit").ClickAsync();
        await Expect(page.GetByTestId("users-empty")).ToBeVisibleAsync();
        await page.GetByTestId("user-query").FillAsync("AN");
        await page.GetByTestId("user-search-submit").ClickAsync();
        await Expect(page.GetByTestId("user-row")).ToHaveCountAsync(1);
        await Expect(annRow).ToContainTextAsync("sdk-ann");

        // The live charts follow the server: the connection is counted, and ann's messages show as a rate.
        await Expect(page.GetByTestId("chart-value-connections")).ToContainTextAsync("online 1");
        await Expect(page.GetByTestId("chart-value-messages")).ToContainTextAsync("peak 0/s");
        await ann.OpenTalkAsync(Accounts.Direct("boss"));
        for (int i = 0; i < 3; i++)
        {
            await ann.SendTextAsync(Accounts.Direct("boss"), $"message {i}");
        }

        await Expect(page.GetByTestId("chart-value-messages")).ToContainTextAsync(NonZeroPeakPattern());
        await Expect(page.GetByTestId("chart-line-messages-0")).ToHaveAttributeAsync("points", new Regex(@"\d"));
        await Expect(page.GetByTestId("chart-value-lag")).ToHaveTextAsync("no data yet");
        await tab.ExpectAccessibleAsync("admin console");
        await tab.ScreenshotAsync($"admin-{screen}");

        // Sign ann out everywhere: the SDK client is kicked (and does not come back), and she leaves the online list.
        await annRow.GetByTestId("action-sign-out").ClickAsync();
        await Expect(page.GetByTestId("admin-notice")).ToHaveTextAsync("Sign out everywhere: ann, done (1 session closed).");
        (await kicked.Task.WaitAsync(BrowserFixture.Patience)).Reason.ShouldBe(KickReason.LoggedOut);
        await Expect(page.GetByTestId("users-empty")).ToBeVisibleAsync();
        await page.GetByTestId("online-only").UncheckAsync();
        await Expect(annRow.GetByTestId("user-status")).ToHaveTextAsync("offline");
        await Expect(page.GetByTestId("chart-value-connections")).ToContainTextAsync("now open 0, online 0");
        tab.PolicyViolations.ShouldBeEmpty();

        // Signing out of the console ends the admin session: a reload shows the sign-in form again.
        await page.GetByTestId("admin-signout").ClickAsync();
        await page.ReloadAsync();
        await Expect(page.GetByTestId("admin-signin")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_admin_token_signs_in_too()
    {
        await using var server = await TestServer.StartAsync(["--admin-token", "console-token"]);
        await using var tab = await browser.OpenAdminAsync(server);
        var page = tab.Page;
        await page.GetByTestId("admin-toggle").ClickAsync();
        await page.GetByTestId("admin-token").FillAsync("not-it");
        await page.GetByTestId("admin-submit").ClickAsync();
        await Expect(page.GetByTestId("admin-error")).ToHaveTextAsync("Unknown admin, wrong password or wrong token.");
        await page.GetByTestId("admin-token").FillAsync("console-token");
        await page.GetByTestId("admin-submit").ClickAsync();
        await Expect(page.GetByTestId("admin-name")).ToHaveTextAsync("admin-token");
        await Expect(page.GetByTestId("node")).ToHaveCountAsync(1);
    }

    private static async Task SignInAsync(IPage page, string userId, string password)
    {
        await page.GetByTestId("admin-user").FillAsync(userId);
        await page.GetByTestId("admin-password").FillAsync(password);
        await page.GetByTestId("admin-submit").ClickAsync();
    }

    [GeneratedRegex(@"^(\d+ d )?\d{2}:\d{2}:\d{2}$")]
    private static partial Regex UptimePattern();

    [GeneratedRegex(@"peak [1-9][\d.]*/s")]
    private static partial Regex NonZeroPeakPattern();
}
