using System.Security.Cryptography;
using System.Text;

namespace Relink.Server.Webhooks;

/// <summary>
/// The <c>X-Relink-Signature</c> header: <c>sha256=</c> and the lower-case hex HMAC-SHA256 of the exact body bytes,
/// keyed with the UTF-8 bytes of the webhook secret. Receivers compute the same over the raw body they read.
/// </summary>
public sealed class WebhookSignature(string secret)
{
    /// <summary>The header that carries the signature.</summary>
    public const string Header = "X-Relink-Signature";

    /// <summary>The header that carries the event id (the same on every attempt), for receivers that drop repeats.</summary>
    public const string EventIdHeader = "X-Relink-Event-Id";

    private readonly byte[] _key = Encoding.UTF8.GetBytes(secret);

    /// <summary>The header value for <paramref name="body"/>.</summary>
    public string Sign(ReadOnlySpan<byte> body) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(_key, body));
}
