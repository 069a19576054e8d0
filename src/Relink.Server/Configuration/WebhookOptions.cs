namespace Relink.Server.Configuration;

/// <summary>
/// Webhook settings (section "Relink:Webhook"): where the server POSTs one JSON event per stored message and
/// membership change, and how it retries. Off while <see cref="Url"/> is empty.
/// </summary>
public sealed class WebhookOptions
{
    /// <summary>The receiver's http or https URL; webhooks are off when empty.</summary>
    public string? Url { get; set; }

    /// <summary>The key of each body's HMAC-SHA256 signature (header X-Relink-Signature); required with a URL.</summary>
    public string? Secret { get; set; }

    /// <summary>
    /// How long after an event happened the server keeps retrying it; an event still refused after that is kept as a
    /// dead letter (with its body) and its conversation moves on.
    /// </summary>
    public TimeSpan RetryWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>One attempt's deadline: a receiver that has not answered by then has failed the attempt.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait after the first failed attempt; each further failure doubles it, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two attempts at one event.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Conversations whose events are in flight at once (each one strictly in order).</summary>
    public int MaxConcurrentConversations { get; set; } = 8;

    /// <summary>
    /// How often the store is searched for conversations with pending events, a safety net under the wake-up each
    /// commit gives (it finds what a lost wake-up would leave waiting).
    /// </summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long the node that dispatches keeps the webhook lease without renewing it (it renews every third of it).
    /// On several nodes another node takes dispatching over within 4/3 of this after the holder dies.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Whether webhooks are on.</summary>
    public bool Enabled => !string.IsNullOrEmpty(Url);

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting that cannot work.</summary>
    public void Validate()
    {
        if (!Enabled)
        {
            Require(string.IsNullOrEmpty(Secret), "Webhook:Secret is set but Webhook:Url (--webhook) is not");
            return;
        }

        Require(
            Uri.TryCreate(Url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps),
            $"Webhook:Url (--webhook) must be an absolute http:// or https:// URL, not '{Url}'");
        Require(!string.IsNullOrEmpty(Secret), "Webhook:Url needs Webhook:Secret (--webhook-secret): receivers verify each event's signature with it");
        Require(Secret!.Length >= 16, "Webhook:Secret must be at least 16 characters");
        Require(RetryWindow > TimeSpan.Zero, "Webhook:RetryWindow must be positive");
        Require(RequestTimeout > TimeSpan.Zero, "Webhook:RequestTimeout must be positive");
        Require(InitialRetryDelay > TimeSpan.Zero && MaxRetryDelay >= InitialRetryDelay, "Webhook:InitialRetryDelay must be positive and at most Webhook:MaxRetryDelay");
        Require(MaxConcurrentConversations is >= 1 and <= 1024, "Webhook:MaxConcurrentConversations must be 1..1024");
        Require(SweepInterval > TimeSpan.Zero, "Webhook:SweepInterval must be positive");
        Require(LeaseDuration >= TimeSpan.FromMilliseconds(300), "Webhook:LeaseDuration must be at least 300ms");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException("Invalid Relink setting: " + message);
        }
    }
}
