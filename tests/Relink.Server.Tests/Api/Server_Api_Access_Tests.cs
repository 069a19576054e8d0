using System.Net;
using Relink.Testing.Server;

namespace Relink.Server.Tests.Api;

/// <summary>
/// Who may call the server API: every endpoint refuses a request without the key or with a wrong one (401 with
/// WWW-Authenticate) and changes nothing; with no key configured the API is off (403 saying how to turn it on); the
/// OpenAPI document is public and lists every endpoint.
/// </summary>
public sealed class Server_Api_Access_Tests(ApiServerFixture fixture) : IClassFixture<ApiServerFixture>
{
    private const string Key = ApiServerFixture.Key;

    private readonly TestServer _server = fixture.Server;

    /// <summary>Every endpoint: method, path under /api/v1/, and a body that would be sound with the key.</summary>
    public static TheoryData<string, string, string?> Endpoints => new()
    {
        { "POST", "messages", """{"from":"ann","to":"bob","text":"hi","clientMsgId":"k1"}""" },
        { "GET", "conversations/d:ann:bob/messages", null },
        { "POST", "users", """{"id":"mallory"}""" },
        { "GET", "users/ann", null },
        { "POST", "users/ann/disable", null },
        { "POST", "users/ann/enable", null },
        { "POST", "users/ann/logout", null },
        { "POST", "groups", """{"name":"Club","ownerId":"ann"}""" },
        { "GET", "groups/1", null },
        { "POST", "groups/1/members", """{"userId":"bob"}""" },
        { "DELETE", "groups/1/members/bob", null },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Without_the_key_or_with_a_wrong_one_every_endpoint_answers_401_and_changes_nothing(string method, string path, string? body)
    {
        foreach (string? key in new[] { null, "wrong-key", Key + "x", "" })
        {
            using var api = new ServerApiClient(_server, key);
            var response = await api.SendAsync(method, path, body);

            var problem = await ServerApiClient.JsonAsync(response, HttpStatusCode.Unauthorized);
            problem.GetProperty("status").GetInt32().ShouldBe(401);
            response.Headers.WwwAuthenticate.ShouldContain(h => h.Scheme == "Bearer", $"{method} {path} with key '{key}'");
        }

        (await fixture.Api.GetAsync("users/mallory")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "the refused create made no user");
    }

    [Fact]
    public async Task A_key_in_another_scheme_is_refused()
    {
        using var http = new HttpClient();
        var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{_server.HttpPort}/api/v1/users/ann");
        request.Headers.TryAddWithoutValidation("Authorization", "Basic " + Key);

        (await http.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task With_no_key_configured_the_api_is_off_and_says_how_to_turn_it_on()
    {
        await using var server = await TestServer.StartAsync();
        foreach (string? key in new[] { null, Key })
        {
            using var api = new ServerApiClient(server, key);
            foreach (var row in Endpoints)
            {
                var response = await api.SendAsync((string)row[0], (string)row[1], (string?)row[2]);

                var problem = await ServerApiClient.JsonAsync(response, HttpStatusCode.Forbidden);
                problem.GetProperty("detail").GetString()!.ShouldContain("--api-key");
            }
        }

        using var docs = new ServerApiClient(server, null);
        (await docs.GetAsync("openapi.json")).StatusCode.ShouldBe(HttpStatusCode.OK, "the document describes the API even while it is off");
    }

    [Fact]
    public async Task The_openapi_document_is_public_json_that_lists_every_endpoint_with_the_bearer_scheme()
    {
        using var api = new ServerApiClient(_server, key: null);
        var response = await api.GetAsync("openapi.json");

        var document = await ServerApiClient.JsonAsync(response, HttpStatusCode.OK);
        var listed = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => $"{operation.Name.ToUpperInvariant()} {path.Name}"))
            .Order()
            .ToList();
        listed.ShouldBe(
        [
            "DELETE /api/v1/groups/{id}/members/{userId}",
            "GET /api/v1/conversations/{conversationId}/messages",
            "GET /api/v1/groups/{id}",
            "GET /api/v1/users/{id}",
            "POST /api/v1/groups",
            "POST /api/v1/groups/{id}/members",
            "POST /api/v1/messages",
            "POST /api/v1/users",
            "POST /api/v1/users/{id}/disable",
            "POST /api/v1/users/{id}/enable",
            "POST /api/v1/users/{id}/logout",
        ]);
        listed.Count.ShouldBe(Endpoints.Count, "the table of endpoints these tests refuse is the document's");

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").EnumerateObject().Single().Value;
        scheme.GetProperty("type").GetString().ShouldBe("http");
        scheme.GetProperty("scheme").GetString().ShouldBe("bearer");
        document.GetProperty("security").GetArrayLength().ShouldBe(1);

        var send = document.GetProperty("paths").GetProperty("/api/v1/messages").GetProperty("post");
        send.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetRawText().ShouldContain("SendMessageBody");
        send.GetProperty("responses").GetProperty("201").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetRawText().ShouldContain("ApiMessage");
        document.GetProperty("components").GetProperty("schemas").GetProperty("ApiMessage").GetProperty("properties").EnumerateObject().Select(p => p.Name)
            .ShouldBe(["id", "conversationId", "seq", "from", "senderNickname", "type", "text", "sentAt", "clientMsgId"], ignoreOrder: true);
        document.GetProperty("components").GetProperty("schemas").GetProperty("SendMessageBody").GetProperty("properties").GetProperty("clientMsgId")
            .GetProperty("description").GetString()!.ShouldContain("idempotency key", customMessage: "the models' XML comments describe the fields");
    }
}
