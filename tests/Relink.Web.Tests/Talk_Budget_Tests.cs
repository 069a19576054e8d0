using System.Text.RegularExpressions;
using Relink.Testing.Server;
using static Microsoft.Playwright.Assertions;

namespace Relink.Web.Tests;

/// <summary>A login answer whose byte budget cut a talk's latest messages: the tab still shows all of them.</summary>
[Collection(BrowserCollection.Name)]
public sealed class Talk_Budget_Tests(BrowserFixture browser)
{
    [Fact]
    public async Task Latest_messages_the_login_answer_left_out_are_fetched_and_shown()
    {
        const int sent = 25, shown = 20; // the tab asks for 20 latest per talk
        string padding = new('x', 1_000);

        // 8 KiB of messages in a login answer: about 7 of these ~1 KB messages, so 13 of the 20 are left out.
        await using var server = await TestServer.StartAsync(["--Relink:LoginMessageBudgetBytes=8192"]);
        await Accounts.CreateFriendsAsync(server, "alice", "bob");
        await using (var bob = await Accounts.SignInAsync(server, "bob"))
        {
            await bob.OpenTalkAsync(Accounts.Direct("alice"));
            for (int i = 1; i <= sent; i++)
            {
                await bob.SendTextAsync(Accounts.Direct("alice"), $"m{i} {padding}");
            }
        }

        await using var alice = await browser.SignedInAsync(server, "alice");
        await alice.OpenTalkAsync("Bob");

        await Expect(alice.Bubbles).ToHaveCountAsync(shown);
        await Expect(alice.Bubbles.First).ToHaveTextAsync(new Regex($"^m{sent - shown + 1} "));
        await Expect(alice.Bubbles.Last).ToHaveTextAsync(new Regex($"^m{sent} "));
    }
}
