using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Relink.Web.Tests;

/// <summary>One browser tab on the web client, with the steps a person takes, named as they would say them.</summary>
public sealed class ChatPage(IBrowserContext context, IPage page) : IAsyncDisposable
{
    private readonly List<string> _dialogs = [];
    private readonly List<string> _policyViolations = [];
    private int _webSockets;
    private bool _watching;

    public IPage Page { get; } = page;

    public IBrowserContext Context { get; } = context;

    public ILocator Banner => Page.GetByTestId("banner");

    public ILocator Talks => Page.GetByTestId("talk");

    /// <summary>The messages of the open conversation (stored and unsent), top to bottom.</summary>
    public ILocator Messages => Page.GetByTestId("messages").GetByTestId("message");

    /// <summary>The bubbles of the open conversation, top to bottom.</summary>
    public ILocator Bubbles => Page.GetByTestId("messages").GetByTestId("bubble");

    /// <summary>Alert, confirm and prompt dialogs the page opened.</summary>
    public IReadOnlyList<string> Dialogs => _dialogs;

    /// <summary>What the browser refused because of the page's content security policy, since <see cref="Watch"/>.</summary>
    public IReadOnlyList<string> PolicyViolations => _policyViolations;

    /// <summary>WebSockets the page opened since <see cref="Watch"/>.</summary>
    public int WebSocketsOpened => Volatile.Read(ref _webSockets);

    public ILocator Talk(string name) =>
        Talks.Filter(new() { Has = Page.GetByTestId("talk-name").GetByText(name, new() { Exact = true }) });

    public ILocator UnreadBadge(string talkName) => Talk(talkName).GetByTestId("unread");

    /// <summary>Starts recording dialogs, WebSocket openings and policy violations (call before signing in).</summary>
    public void Watch()
    {
        if (_watching)
        {
            return;
        }

        _watching = true;
        Page.Dialog += (_, dialog) =>
        {
            lock (_dialogs)
            {
                _dialogs.Add(dialog.Message);
            }

            _ = dialog.DismissAsync();
        };
        Page.WebSocket += (_, _) => Interlocked.Increment(ref _webSockets);
        Page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                lock (_policyViolations)
                {
                    _policyViolations.Add(message.Text);
                }
            }
        };
    }

    public async Task SignInAsync(string userId, string password = Accounts.Password)
    {
        await Page.GetByTestId("login-user").FillAsync(userId);
        await Page.GetByTestId("login-password").FillAsync(password);
        await Page.GetByTestId("login-submit").ClickAsync();
        await ExpectSignedInAsync();
    }

    public async Task RegisterAsync(string userId, string nickname, string password)
    {
        await Page.GetByTestId("login-toggle").ClickAsync();
        await Page.GetByTestId("login-user").FillAsync(userId);
        await Page.GetByTestId("login-nickname").FillAsync(nickname);
        await Page.GetByTestId("login-password").FillAsync(password);
        await Page.GetByTestId("login-submit").ClickAsync();
        await ExpectSignedInAsync();
    }

    public async Task ExpectSignedInAsync()
    {
        await Expect(Page.Locator("#app")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("me")).ToBeAttachedAsync(); // a phone hides it under an open conversation
        await Expect(Banner).ToBeHiddenAsync();
    }

    /// <summary>The back button of a phone's second screen; a desktop never shows it.</summary>
    public ILocator Back => Page.GetByTestId("back");

    /// <summary>On a phone showing a conversation or card, back to the list (the tabs show again); else nothing.</summary>
    public async Task BackToListAsync()
    {
        if (await Back.IsVisibleAsync())
        {
            await Back.ClickAsync();
            await Expect(Page.GetByTestId("tab-chats")).ToBeVisibleAsync();
        }
    }

    /// <summary>Clicks a talk in the talk list and waits for its conversation.</summary>
    public async Task OpenTalkAsync(string name)
    {
        await BackToListAsync();
        await Page.GetByTestId("tab-chats").ClickAsync();
        await Talk(name).ClickAsync();
        await Expect(Page.GetByTestId("chat-title")).ToHaveTextAsync(name);
    }

    /// <summary>Friends tab, pick the friend or group, "Send message".</summary>
    public async Task StartTalkFromFriendsAsync(string name, string list = "friends")
    {
        await BackToListAsync();
        await Page.GetByTestId("tab-friends").ClickAsync();
        await Page.GetByTestId(list).GetByText(name, new() { Exact = true }).ClickAsync();
        await Page.GetByTestId("send-message").ClickAsync();
        await Expect(Page.GetByTestId("chat-title")).ToHaveTextAsync(name);
    }

    /// <summary>Types into the composer and presses Enter.</summary>
    public async Task SendAsync(string text)
    {
        var composer = Page.GetByTestId("composer");
        await composer.FillAsync(text);
        await composer.PressAsync("Enter");
        await Expect(composer).ToHaveValueAsync("");
    }

    public async Task SendEmojiAsync(string emojiId)
    {
        await Page.GetByTestId("emoji-toggle").ClickAsync();
        await Page.Locator($"[data-emoji-id='{emojiId}']").ClickAsync();
    }

    /// <summary>Waits until the open conversation shows exactly these bubbles, top to bottom.</summary>
    public Task ExpectBubblesAsync(params string[] texts) => Expect(Bubbles).ToHaveTextAsync(texts);

    /// <summary>Waits until the banner says something matching <paramref name="pattern"/>.</summary>
    public Task ExpectBannerAsync(string pattern) => Expect(Banner).ToHaveTextAsync(new Regex(pattern));

    /// <summary>
    /// Runs axe-core on the page as it is and fails with the list of findings unless it meets WCAG 2.0 and 2.1, levels
    /// A and AA (what axe can check by itself: contrast, names, roles, nesting, ...).
    /// </summary>
    public async Task ExpectAccessibleAsync(string screen)
    {
        var result = await Page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        var findings = result.Violations.SelectMany(v => v.Nodes.Select(n => $"{v.Id} ({v.Impact}): {string.Join(" ", n.Target)}: {v.Help}: {n.Html}"));
        findings.ShouldBeEmpty($"axe on the {screen} screen");
    }

    /// <summary>Presses Tab (or Shift+Tab) until <paramref name="target"/> has the keyboard focus; fails if it never gets it.</summary>
    public async Task TabToAsync(ILocator target, bool backwards = false, int maxPresses = 40)
    {
        for (int i = 0; i < maxPresses; i++)
        {
            if (await target.EvaluateAsync<bool>("e => e === document.activeElement"))
            {
                return;
            }

            await Page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
        }

        await Expect(target).ToBeFocusedAsync(new() { Timeout = 1 });
    }

    /// <summary>The focused element shows a focus ring: an outline at least 2 px wide.</summary>
    public async Task ExpectVisibleFocusAsync()
    {
        float width = await Page.EvaluateAsync<float>(
            "() => { const s = getComputedStyle(document.activeElement); return s.outlineStyle === 'none' ? 0 : parseFloat(s.outlineWidth); }");
        width.ShouldBeGreaterThanOrEqualTo(2f, "the focused element has no focus ring");
    }

    /// <summary>Every visible control (buttons, links, inputs) is at least 44 × 44 CSS px: a fingertip.</summary>
    public async Task ExpectTouchTargetsAsync(string screen)
    {
        string[] small = await Page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('button, a[href], input, textarea, [role=button], label.member-choice')]
              .filter((e) => e.checkVisibility({ visibilityProperty: true }))
              .map((e) => [e, e.getBoundingClientRect()])
              .filter(([, r]) => r.width < 43.5 || r.height < 43.5)
              .map(([e, r]) => `${e.dataset.testid ?? e.className ?? e.tagName} ${Math.round(r.width)}x${Math.round(r.height)}`)
            """);
        small.ShouldBeEmpty($"controls smaller than 44 px on the {screen} screen");
    }

    /// <summary>Saves a screenshot into the test output's screenshots folder.</summary>
    public Task ScreenshotAsync(string name) => Page.ScreenshotAsync(new() { Path = Screenshots.PathOf(name) });

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}

/// <summary>Screenshots of the main screens, kept as test artifacts.</summary>
public static class Screenshots
{
    /// <summary>bin/.../screenshots next to the test assembly.</summary>
    public static string Folder { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    public static string PathOf(string name) => Path.Combine(Folder, name + ".png");
}
