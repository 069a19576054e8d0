using System.Globalization;
using System.Net.Http.Headers;
using Relink.Server.Configuration;

namespace Relink.Server.Webhooks;

/// <summary>One POST of one event to the receiver. Any 2xx answer is success; anything else is a failed attempt.</summary>
public sealed class WebhookSender(IHttpClientFactory clients, WebhookOptions options)
{
    /// <summary>The name of the HttpClient the factory configures for webhooks.</summary>
    public const string HttpClientName = "Relink.Webhooks";

    private static readonly MediaTypeHeaderValue s_json = new("application/json") { CharSet = "utf-8" };

    private readonly Uri _url = new(options.Url!);

    /// <summary>Sends the body; null when the receiver took it, else what went wrong (for logs and dead letters).</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (shutdown).</exception>
    public async Task<string?> SendAsync(string eventId, byte[] body, string signature, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = s_json;
        request.Headers.Add(WebhookSignature.Header, signature);
        request.Headers.Add(WebhookSignature.EventIdHeader, eventId);
        try
        {
            using var response = await clients.CreateClient(HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return response.IsSuccessStatusCode
                ? null
                : string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no answer within {options.RequestTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s";
        }
        catch (HttpRequestException error)
        {
            return error.HttpRequestError == HttpRequestError.Unknown ? error.Message : $"{error.HttpRequestError}: {error.Message}";
        }
    }
}
