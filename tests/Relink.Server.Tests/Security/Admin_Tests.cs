using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Relink.Testing.Server;

namespace Relink.Server.Tests.Security;

public sealed class Admin_Tests
{
    [Fact]
    public async Task The_admin_api_needs_the_token_and_then_shows_status_and_who_is_online()
    {
        await using var server = await TestServer.StartAsync(["--Relink:AdminToken=s3cret-admin"]);
        await using var ann = await Users.NewAsync(server.TcpPort, Users.Unique("adm"));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.HttpPort}") };

        (await http.GetAsync(new Uri("/admin/status", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "wrong");
        (await http.GetAsync(new Uri("/admin/users", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret-admin");
        using var status = JsonDocument.Parse(await http.GetStringAsync(new Uri("/admin/status", UriKind.Relative)));
        status.RootElement.GetProperty("online").GetInt32().ShouldBe(1);
        status.RootElement.GetProperty("tcpPort").GetInt32().ShouldBe(server.TcpPort);

        using var users = JsonDocument.Parse(await http.GetStringAsync(new Uri("/admin/users", UriKind.Relative)));
        var row = users.RootElement.GetProperty("users").EnumerateArray().Single();
        row.GetProperty("userId").GetString().ShouldBe(ann.UserId);
        row.GetProperty("online").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Without_a_configured_token_the_admin_api_is_off()
    {
        await using var server = await TestServer.StartAsync();
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "");
        var answer = await http.GetAsync(new Uri($"http://127.0.0.1:{server.HttpPort}/admin/status"));
        answer.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await answer.Content.ReadAsStringAsync()).ShouldContain("AdminToken");
    }
}
