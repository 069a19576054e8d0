using System.Net;
using Relink.Testing.Server;

namespace Relink.Server.Tests.Api;

/// <summary>
/// Bad input to the server API gets a problem answer that names the field (400), an unknown user or group a 404, and
/// a request the state refuses a 409; none of them stores anything.
/// </summary>
public sealed class Server_Api_Validation_Tests(ApiServerFixture fixture) : IClassFixture<ApiServerFixture>
{
    private const string GroupId = ApiServerFixture.GroupId;
    private readonly ServerApiClient _api = fixture.Api;

    public static TheoryData<string, string, string?, string> BadFields => new()
    {
        { "POST", "messages", """{"to":"bob","text":"hi","clientMsgId":"k"}""", "from" },
        { "POST", "messages", """{"from":"ann","text":"hi","clientMsgId":"k"}""", "to" },
        { "POST", "messages", """{"from":"ann","to":"bob","group":"1","text":"hi","clientMsgId":"k"}""", "to" },
        { "POST", "messages", """{"from":"ann bee","to":"bob","text":"hi","clientMsgId":"k"}""", "from" },
        { "POST", "messages", """{"from":"ann","to":"bob","text":"   ","clientMsgId":"k"}""", "text" },
        { "POST", "messages", $$"""{"from":"ann","to":"bob","text":"{{new string('x', 4001)}}","clientMsgId":"k"}""", "text" },
        { "POST", "messages", """{"from":"ann","to":"bob","text":"hi"}""", "clientMsgId" },
        { "POST", "messages", $$"""{"from":"ann","to":"bob","text":"hi","clientMsgId":"{{new string('k', 65)}}"}""", "clientMsgId" },
        { "POST", "messages", """{"from":"ann","to":"ann","text":"hi","clientMsgId":"k"}""", "to" },
        { "POST", "messages", """{"from":"ann","group":"club","text":"hi","clientMsgId":"k"}""", "group" },
        { "POST", "messages", """{"from":1,"to":"bob","text":"hi","clientMsgId":"k"}""", "from" },
        { "POST", "messages", """{"from":"ann",""", "body" },
        { "POST", "messages", $$"""{"from":"ann","to":"bob","text":"hi","clientMsgId":"k","padding":"{{new string(' ', 70_000)}}"}""", "body" },
        { "POST", "users", """{"nickname":"No Id"}""", "id" },
        { "POST", "users", """{"id":"has space"}""", "id" },
        { "POST", "users", """{"id":"shorty","password":"12345"}""", "password" },
        { "POST", "users", $$"""{"id":"longname","nickname":"{{new string('n', 33)}}"}""", "nickname" },
        { "POST", "groups", """{"ownerId":"ann"}""", "name" },
        { "POST", "groups", """{"name":"Club"}""", "ownerId" },
        { "POST", "groups", """{"name":"Club","ownerId":"ann","memberIds":["no good"]}""", "memberIds" },
        { "POST", "groups", $$"""{"name":"Club","ownerId":"ann","memberIds":[{{string.Join(',', Enumerable.Range(0, 201).Select(i => $"\"u{i}\""))}}]}""", "memberIds" },
        { "GET", "groups/club", null, "id" },
        { "POST", "groups/1/members", """{}""", "userId" },
        { "GET", "users/no%20good", null, "id" },
        { "GET", "conversations/x:ann:bob/messages", null, "conversationId" },
        { "GET", "conversations/d:bob:ann/messages", null, "conversationId" },
        { "GET", "conversations/d:ann:bob/messages?limit=ten", null, "limit" },
        { "GET", "conversations/d:ann:bob/messages?after=-1", null, "after" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task Bad_input_gets_400_naming_the_field(string method, string path, string? body, string field)
    {
        var problem = await ServerApiClient.JsonAsync(await _api.SendAsync(method, path, body), HttpStatusCode.BadRequest);

        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldBe([field]);
        problem.GetProperty("field").GetString().ShouldBe(field);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_refused_with_400()
    {
        var response = await _api.SendAsync("POST", "users", json: null);

        (await ServerApiClient.JsonAsync(response, HttpStatusCode.BadRequest)).GetProperty("detail").GetString()!.ShouldContain("application/json");
    }

    public static TheoryData<string, string, string?, string> Unknown => new()
    {
        { "POST", "messages", """{"from":"nobody","to":"bob","text":"hi","clientMsgId":"k"}""", "from" },
        { "POST", "messages", """{"from":"ann","to":"nobody","text":"hi","clientMsgId":"k"}""", "to" },
        { "POST", "messages", """{"from":"ann","group":"999","text":"hi","clientMsgId":"k"}""", "group" },
        { "GET", "users/nobody", null, "id" },
        { "POST", "users/nobody/disable", null, "id" },
        { "POST", "users/nobody/enable", null, "id" },
        { "POST", "users/nobody/logout", null, "id" },
        { "POST", "groups", """{"name":"Club","ownerId":"nobody"}""", "ownerId" },
        { "POST", "groups", """{"name":"Club","ownerId":"ann","memberIds":["bob","nobody"]}""", "memberIds" },
        { "GET", "groups/999", null, "id" },
        { "POST", "groups/999/members", """{"userId":"bob"}""", "id" },
        { "POST", "groups/1/members", """{"userId":"nobody"}""", "userId" },
        { "DELETE", "groups/999/members/bob", null, "id" },
        { "DELETE", "groups/1/members/cid", null, "userId" },
        { "GET", "conversations/d:ann:nobody/messages", null, "conversationId" },
        { "GET", "conversations/g:999/messages", null, "conversationId" },
    };

    [Theory]
    [MemberData(nameof(Unknown))]
    public async Task An_unknown_user_group_or_membership_gets_404_naming_the_field(string method, string path, string? body, string field)
    {
        var problem = await ServerApiClient.JsonAsync(await _api.SendAsync(method, path, body), HttpStatusCode.NotFound);

        problem.GetProperty("field").GetString().ShouldBe(field);
        (await ServerApiClient.JsonAsync(await _api.GetAsync($"groups/{GroupId}"), HttpStatusCode.OK)).GetProperty("memberCount").GetInt32().ShouldBe(2, "nothing changed");
    }

    [Fact]
    public async Task A_sender_outside_the_group_a_disabled_sender_and_a_taken_user_id_get_409()
    {
        var outsider = await _api.PostAsync("messages", new { from = "cid", group = GroupId, text = "let me in", clientMsgId = "c1" });
        (await ServerApiClient.JsonAsync(outsider, HttpStatusCode.Conflict)).GetProperty("detail").GetString()!.ShouldContain($"groups/{GroupId}/members");

        (await ServerApiClient.JsonAsync(await _api.PostAsync("users", new { id = "bob" }), HttpStatusCode.Conflict)).GetProperty("field").GetString().ShouldBe("id");

        await ServerApiClient.JsonAsync(await _api.PostAsync("users", new { id = "dora" }), HttpStatusCode.Created);
        await ServerApiClient.JsonAsync(await _api.PostAsync("users/dora/disable"), HttpStatusCode.OK);
        var disabled = await _api.PostAsync("messages", new { from = "dora", to = "ann", text = "hi", clientMsgId = "d1" });
        (await ServerApiClient.JsonAsync(disabled, HttpStatusCode.Conflict)).GetProperty("field").GetString().ShouldBe("from");

        var history = await ServerApiClient.JsonAsync(await _api.GetAsync($"conversations/g:{GroupId}/messages"), HttpStatusCode.OK);
        history.GetProperty("lastSeq").GetInt64().ShouldBe(0, "nothing refused was stored");
    }

    [Fact]
    public async Task A_client_msg_id_already_used_for_another_conversation_is_refused_naming_it()
    {
        await ServerApiClient.JsonAsync(await _api.PostAsync("messages", new { from = "bob", to = "cid", text = "first", clientMsgId = "same" }), HttpStatusCode.Created);

        var reused = await _api.PostAsync("messages", new { from = "bob", group = GroupId, text = "second", clientMsgId = "same" });

        var problem = await ServerApiClient.JsonAsync(reused, HttpStatusCode.BadRequest);
        problem.GetProperty("field").GetString().ShouldBe("clientMsgId");
        var history = await ServerApiClient.JsonAsync(await _api.GetAsync($"conversations/g:{GroupId}/messages"), HttpStatusCode.OK);
        history.GetProperty("messages").GetArrayLength().ShouldBe(0);
    }
}
