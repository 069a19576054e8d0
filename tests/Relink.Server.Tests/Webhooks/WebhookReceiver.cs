using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Relink.Testing;

namespace Relink.Server.Tests.Webhooks;

/// <summary>
/// A real HTTP receiver on 127.0.0.1 (Kestrel): checks each POST's signature the way docs/integration.md tells
/// receivers to, answers what <see cref="Respond"/> says, and hands every attempt to the test in arrival order.
/// Stop and start it again on the same port to play a receiver that is down.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    public const string Secret = "test-webhook-secret-0123456789";

    private readonly Channel<WebhookAttempt> _attempts = Channel.CreateUnbounded<WebhookAttempt>();
    private WebApplication? _app;

    private WebhookReceiver() => Port = FreePort.Next();

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/hooks/relink";

    /// <summary>The server flags that point webhooks here, with short retry delays so tests run fast.</summary>
    public string[] ServerArgs =>
    [
        "--webhook", Url, "--webhook-secret", Secret,
        "--Relink:Webhook:InitialRetryDelay=50ms", "--Relink:Webhook:MaxRetryDelay=200ms",
    ];

    /// <summary>The status code for an attempt (after any delay it adds); 200 unless a test says otherwise.</summary>
    public Func<WebhookAttempt, Task<int>> Respond { get; set; } = _ => Task.FromResult(200);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        await receiver.StartAgainAsync();
        return receiver;
    }

    public async Task StartAgainAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, Port));
        var app = builder.Build();
        app.MapPost("/hooks/relink", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var attempt = WebhookAttempt.From(body.ToArray(), context.Request.Headers);
            int status = await Respond(attempt);
            attempt = attempt with { Status = status };
            _attempts.Writer.TryWrite(attempt);
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        _app = app;
    }

    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>The next attempt to arrive (whatever the answer was).</summary>
    public async Task<WebhookAttempt> NextAttemptAsync() =>
        await Eventually.WithinAsync(_attempts.Reader.ReadAsync().AsTask(), "a webhook attempt");

    /// <summary>The next <paramref name="count"/> events the receiver accepted (2xx), skipping refused attempts.</summary>
    public async Task<List<WebhookAttempt>> AcceptedAsync(int count)
    {
        var accepted = new List<WebhookAttempt>();
        while (accepted.Count < count)
        {
            var attempt = await NextAttemptAsync();
            if (attempt.Status is >= 200 and < 300)
            {
                accepted.Add(attempt);
            }
        }

        return accepted;
    }

    /// <summary>Attempts that have arrived and not been taken yet.</summary>
    public List<WebhookAttempt> Waiting()
    {
        var waiting = new List<WebhookAttempt>();
        while (_attempts.Reader.TryRead(out var attempt))
        {
            waiting.Add(attempt);
        }

        return waiting;
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}

/// <summary>One POST the receiver got: the parsed event, its headers, whether its signature checked out, the answer.</summary>
internal sealed record WebhookAttempt(string EventIdHeader, bool SignatureValid, JsonElement Event, string RawBody, int Status)
{
    public string Id => Event.GetProperty("id").GetString()!;

    public string Type => Event.GetProperty("type").GetString()!;

    public string ConversationId => Event.GetProperty("conversationId").GetString()!;

    public JsonElement Message => Event.GetProperty("message");

    public JsonElement Membership => Event.GetProperty("membership");

    /// <summary>"text" for a message, "user change" for a membership change.</summary>
    public string Summary => Type == "message.stored"
        ? Message.GetProperty("text").GetString()!
        : $"{Membership.GetProperty("user").GetString()} {Membership.GetProperty("change").GetString()}";

    public static WebhookAttempt From(byte[] body, IHeaderDictionary headers)
    {
        // The check a receiver makes: HMAC-SHA256 of the raw body with the shared secret, compared in constant time.
        string expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(WebhookReceiver.Secret), body));
        string given = headers["X-Relink-Signature"].ToString();
        bool valid = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(given));
        string raw = Encoding.UTF8.GetString(body);
        return new WebhookAttempt(headers["X-Relink-Event-Id"].ToString(), valid, JsonDocument.Parse(raw).RootElement.Clone(), raw, 0);
    }
}
