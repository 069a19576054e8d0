using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Relink.Testing.Server;

namespace Relink.Server.Tests.Admin;

/// <summary>An operator's HTTP client for the admin API, keeping the console's sign-in cookie as a browser would.</summary>
internal sealed class AdminHttp : IDisposable
{
    private readonly HttpClient _http;

    public AdminHttp(TestServer server, string? bearer = null)
    {
        _http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{server.HttpPort}/admin/api/"),
        };
        if (bearer is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
    }

    /// <summary>Signs in as the console does (with its anti-forgery header); returns the status.</summary>
    public async Task<HttpStatusCode> SignInAsync(object credentials)
    {
        using var answer = await SendAsync(HttpMethod.Post, "session", credentials);
        return answer.StatusCode;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, bool csrfHeader = true)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (csrfHeader)
        {
            request.Headers.Add("X-Relink-Admin", "1");
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await _http.SendAsync(request);
    }

    public async Task<HttpStatusCode> StatusOfAsync(HttpMethod method, string path, bool csrfHeader = true)
    {
        using var answer = await SendAsync(method, path, csrfHeader: csrfHeader);
        return answer.StatusCode;
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var answer = await SendAsync(HttpMethod.Get, path);
        answer.StatusCode.ShouldBe(HttpStatusCode.OK, await answer.Content.ReadAsStringAsync());
        using var json = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        return json.RootElement.Clone();
    }

    public async Task<JsonElement> PostJsonAsync(string path)
    {
        using var answer = await SendAsync(HttpMethod.Post, path);
        answer.StatusCode.ShouldBe(HttpStatusCode.OK, await answer.Content.ReadAsStringAsync());
        using var json = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        return json.RootElement.Clone();
    }

    public void Dispose() => _http.Dispose();
}
