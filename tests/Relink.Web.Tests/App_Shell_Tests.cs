using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Relink.Testing;
using Relink.Testing.Server;
using static Microsoft.Playwright.Assertions;

namespace Relink.Web.Tests;

/// <summary>The installable app: manifest, service worker, the app shell kept for opening without a network.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class App_Shell_Tests(BrowserFixture browser)
{
    [Fact]
    public async Task The_server_serves_the_manifest_and_the_service_worker_with_their_types_and_the_page_keeps_its_strict_policy()
    {
        await using var server = await TestServer.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.HttpPort}/") };

        var manifest = await http.GetAsync("manifest.webmanifest");
        manifest.EnsureSuccessStatusCode();
        manifest.Content.Headers.ContentType!.MediaType.ShouldBe("application/manifest+json");
        string manifestText = await manifest.Content.ReadAsStringAsync();
        manifestText.ShouldContain("\"display\": \"standalone\"");
        var worker = await http.GetAsync("sw.js");
        worker.EnsureSuccessStatusCode();
        worker.Content.Headers.ContentType!.MediaType.ShouldBe("text/javascript");
        foreach (string icon in new[] { "icons/relink-192.png", "icons/relink-512.png" })
        {
            (await http.GetAsync(icon)).Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        }

        string page = await http.GetStringAsync("/");
        string policy = CspPattern().Match(page).Groups[1].Value;
        policy.ShouldBe("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'");
        page.ShouldNotContain("unsafe-");
        page.ShouldNotContain(" style=");
    }

    [Fact]
    public void The_service_worker_keeps_every_file_of_the_app()
    {
        string root = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        string worker = File.ReadAllText(Path.Combine(root, "sw.js"));
        var kept = ShellEntryPattern().Matches(worker[worker.IndexOf("const SHELL", StringComparison.Ordinal)..worker.IndexOf("];", StringComparison.Ordinal)])
            .Select(m => m.Groups[1].Value).ToHashSet();
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => f != "sw.js" && !f.StartsWith("admin/", StringComparison.Ordinal)) // the admin console is not part of the app
            .ToList();

        files.Where(f => !kept.Contains(f)).ShouldBeEmpty("files the service worker does not keep (add them to SHELL in sw.js)");
        kept.Where(k => k != "./" && !files.Contains(k)).ShouldBeEmpty("SHELL entries that are not files");
    }

    [Fact]
    public async Task Without_a_network_the_app_opens_from_its_copy_shows_it_is_offline_and_the_last_seen_talks_with_what_was_typed_pending()
    {
        await using var server = await TestServer.StartAsync();
        await Accounts.CreateFriendsAsync(server, "alice", "bob");
        await using var proxy = TcpFaultProxy.Start(server.HttpPort);
        await using var alice = await browser.OpenAsync(proxy.Port);
        alice.Watch();
        var page = alice.Page;
        await alice.SignInAsync("alice");
        await alice.StartTalkFromFriendsAsync("Bob");
        await alice.SendAsync("before");
        await page.WaitForFunctionAsync("() => navigator.serviceWorker.controller !== null");

        // The network goes: nothing reaches the server any more (not even a new connection through the proxy).
        await alice.Context.SetOfflineAsync(true);
        proxy.RefuseNew();
        proxy.ResetAll();
        await alice.ExpectBannerAsync("Offline: waiting for the network");
        await alice.SendAsync("typed offline");
        var pending = page.GetByTestId("messages").Locator("[data-state='pending']");
        await Expect(pending.GetByTestId("bubble")).ToHaveTextAsync(["typed offline"]);

        // A reload without a network: the page and its scripts come from the service worker's copy.
        var reloaded = await page.ReloadAsync();
        reloaded.ShouldNotBeNull();
        reloaded.FromServiceWorker.ShouldBeTrue();
        await Expect(page.GetByTestId("login-form")).ToBeHiddenAsync();
        await alice.ExpectBannerAsync("Offline: waiting for the network");

        // The talk list as last seen, and in the talk what was typed, still marked as waiting to be sent.
        await Expect(page.GetByTestId("me")).ToBeAttachedAsync();
        await Expect(alice.Talk("Bob").GetByTestId("talk-sketch")).ToHaveTextAsync("typed offline");
        await alice.OpenTalkAsync("Bob");
        await Expect(pending.GetByTestId("bubble")).ToHaveTextAsync(["typed offline"]);
        await Expect(pending.GetByRole(AriaRole.Img, new() { Name = "waiting to be sent" })).ToBeVisibleAsync();
        await alice.ScreenshotAsync("offline-reload");
        alice.Dialogs.ShouldBeEmpty();

        // The network is back: the session resumes, the server's state replaces the picture, and what was typed goes
        // out, once.
        proxy.AcceptNew();
        await alice.Context.SetOfflineAsync(false);
        await alice.ExpectSignedInAsync();
        await alice.OpenTalkAsync("Bob");
        await alice.ExpectBubblesAsync("before", "typed offline");
        await Expect(page.GetByTestId("messages").Locator("[data-state='stored']")).ToHaveCountAsync(2);
        await Expect(pending).ToHaveCountAsync(0);
    }

    [GeneratedRegex("""http-equiv="Content-Security-Policy" content="([^"]*)""")]
    private static partial Regex CspPattern();

    [GeneratedRegex("""^\s*'([^']+)',""", RegexOptions.Multiline)]
    private static partial Regex ShellEntryPattern();
}
