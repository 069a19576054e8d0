using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Relink.Testing.Server;

/// <summary>Plain HTTP calls to a test server's API (/api/v1/), as an app's backend makes them.</summary>
public sealed class ServerApiClient : IDisposable
{
    private readonly HttpClient _http;

    /// <summary>A client for <paramref name="server"/>'s API sending <paramref name="key"/> as bearer token (none when null).</summary>
    public ServerApiClient(TestServer server, string? key)
    {
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.HttpPort}/api/v1/") };
        if (key is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
    }

    /// <summary>Sends <paramref name="method"/> to <paramref name="path"/> (relative to /api/v1/) with an optional raw JSON body.</summary>
    public Task<HttpResponseMessage> SendAsync(string method, string path, string? json = null)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return _http.SendAsync(request);
    }

    /// <summary>POSTs <paramref name="body"/> as JSON.</summary>
    public Task<HttpResponseMessage> PostAsync(string path, object? body = null) =>
        body is null ? _http.PostAsync(path, content: null) : _http.PostAsJsonAsync(path, body);

    /// <summary>GETs <paramref name="path"/>.</summary>
    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(path);

    /// <summary>DELETEs <paramref name="path"/>.</summary>
    public Task<HttpResponseMessage> DeleteAsync(string path) => _http.DeleteAsync(path);

    /// <summary>The JSON body of a response that must have <paramref name="status"/>; the body is in the failure message.</summary>
    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, System.Net.HttpStatusCode status)
    {
        string text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != status)
        {
            throw new InvalidOperationException($"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
