using Microsoft.Playwright;
using Relink.Testing.Server;

namespace Relink.Web.Tests;

/// <summary>
/// One headless Chromium for every browser test: Debian's /usr/bin/chromium driven by Playwright (whose own
/// browser download cannot work offline). Each page gets its own browser context: separate storage, so two
/// pages are two devices.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Where Debian installs Chromium (test.sh installs it when missing).</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>Generous: the machine is 2 cores shared with builds.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Browser tests need Chromium at {ChromiumPath}: apt-get install -y chromium (test.sh does this).");
        }

        Assertions.SetDefaultExpectTimeout((float)Patience.TotalMilliseconds);
        _playwright = await Playwright.CreateAsync();
        // Playwright gives the browser a fresh temporary profile (it refuses --user-data-dir for a plain launch).
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
    }

    /// <summary>A new page in a new context (its own storage: its own device) on the server's web client.</summary>
    public Task<ChatPage> OpenAsync(TestServer server, Func<IBrowserContext, Task>? beforeLoad = null, Screen? screen = null) =>
        OpenAsync(server.HttpPort, beforeLoad, screen);

    /// <summary>A new page on the server's web client, signed in as a registered user.</summary>
    public async Task<ChatPage> SignedInAsync(TestServer server, string userId, Screen? screen = null)
    {
        var page = await OpenAsync(server, screen: screen);
        await page.SignInAsync(userId);
        return page;
    }

    /// <summary>As <see cref="OpenAsync(TestServer, Func{IBrowserContext, Task}?, Screen?)"/>, from a port (a proxy's) in front of the server.</summary>
    public async Task<ChatPage> OpenAsync(int httpPort, Func<IBrowserContext, Task>? beforeLoad = null, Screen? screen = null)
    {
        var context = await NewContextAsync(httpPort, screen ?? Screen.Desktop);
        if (beforeLoad is not null)
        {
            await beforeLoad(context);
        }

        var page = await context.NewPageAsync();
        var chatPage = new ChatPage(context, page);
        await page.GotoAsync("/");
        return chatPage;
    }

    /// <summary>
    /// A new tab in a new context on the server's admin console (/admin); the tab's generic steps (watching policy
    /// violations, axe, screenshots) work on any page.
    /// </summary>
    public async Task<ChatPage> OpenAdminAsync(TestServer server, Screen? screen = null)
    {
        var context = await NewContextAsync(server.HttpPort, screen ?? Screen.Desktop);
        var tab = new ChatPage(context, await context.NewPageAsync());
        tab.Watch();
        await tab.Page.GotoAsync("/admin");
        return tab;
    }

    private async Task<IBrowserContext> NewContextAsync(int httpPort, Screen screen)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = screen.Width, Height = screen.Height },
            IsMobile = screen.IsPhone,
            HasTouch = screen.IsPhone,
            DeviceScaleFactor = screen.IsPhone ? 2 : 1,
            ColorScheme = screen.Scheme,
            BaseURL = $"http://127.0.0.1:{httpPort}/",
        });
        context.SetDefaultTimeout((float)Patience.TotalMilliseconds);
        return context;
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}

/// <summary>The window a test's page opens in: a laptop's, or a phone's (touch, narrow: the one-screen-at-a-time layout).</summary>
public sealed record Screen(string Name, int Width, int Height, bool IsPhone, ColorScheme Scheme = ColorScheme.Light)
{
    public static Screen Desktop { get; } = new("desktop", 1280, 800, IsPhone: false);

    public static Screen Phone { get; } = new("phone", 390, 844, IsPhone: true);

    /// <summary>A screen by name, for theories: desktop, phone, desktop-dark, phone-dark.</summary>
    public static Screen Named(string name) => name switch
    {
        "desktop" => Desktop,
        "phone" => Phone,
        "desktop-dark" => Desktop.Dark,
        "phone-dark" => Phone.Dark,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "desktop, phone, desktop-dark or phone-dark"),
    };

    /// <summary>The same window with the system set to dark mode (prefers-color-scheme: dark).</summary>
    public Screen Dark => this with { Name = Name + "-dark", Scheme = ColorScheme.Dark };

    public override string ToString() => Name;
}

/// <summary>Browser tests run one after another: a 2-core machine runs one Chromium scenario at a time well.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
