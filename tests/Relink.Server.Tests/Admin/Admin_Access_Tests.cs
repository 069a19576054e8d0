using System.Net;
using Microsoft.Extensions.Configuration;
using Relink.Server.Configuration;
using Relink.Testing.Server;

namespace Relink.Server.Tests.Admin;

/// <summary>Who may use the admin API: the admin token, or an account in Relink:Admins signed in with its password.</summary>
public sealed class Admin_Access_Tests
{
    private const string Token = "s3cret-admin";

    [Fact]
    public async Task Without_a_token_or_admins_configured_the_admin_api_is_off_and_says_how_to_turn_it_on()
    {
        await using var server = await TestServer.StartAsync();
        using var admin = new AdminHttp(server, bearer: "");
        using var answer = await admin.SendAsync(HttpMethod.Get, "status");
        answer.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        string why = await answer.Content.ReadAsStringAsync();
        why.ShouldContain("Relink:AdminToken");
        why.ShouldContain("Relink:Admins");
        (await admin.SignInAsync(new { token = "" })).ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_token_as_a_bearer_opens_the_api_and_no_token_or_a_wrong_one_does_not()
    {
        await using var server = await TestServer.StartAsync(["--admin-token", Token]);
        await using var ann = await Users.NewAsync(server.TcpPort, Users.Unique("adm"));

        using (var nobody = new AdminHttp(server))
        {
            (await nobody.StatusOfAsync(HttpMethod.Get, "status")).ShouldBe(HttpStatusCode.Unauthorized);
            (await nobody.StatusOfAsync(HttpMethod.Post, $"users/{ann.UserId}/sign-out")).ShouldBe(HttpStatusCode.Unauthorized);
        }

        using (var wrong = new AdminHttp(server, bearer: "wrong"))
        {
            (await wrong.StatusOfAsync(HttpMethod.Get, "users")).ShouldBe(HttpStatusCode.Unauthorized);
        }

        using var admin = new AdminHttp(server, bearer: Token);
        var node = (await admin.GetJsonAsync("status")).GetProperty("nodes").EnumerateArray().Single();
        node.GetProperty("online").GetInt32().ShouldBe(1);
        node.GetProperty("tcpPort").GetInt32().ShouldBe(server.TcpPort);
        node.GetProperty("httpPort").GetInt32().ShouldBe(server.HttpPort);

        var row = (await admin.GetJsonAsync("users")).GetProperty("users").EnumerateArray().Single();
        row.GetProperty("userId").GetString().ShouldBe(ann.UserId);
        row.GetProperty("online").GetBoolean().ShouldBeTrue();
        row.GetProperty("devices").EnumerateArray().Select(d => d.GetString()).ShouldBe(["test"]);
    }

    [Fact]
    public async Task An_admin_account_signs_in_with_its_password_and_others_are_refused_with_one_answer()
    {
        string boss = Users.Unique("boss"), worker = Users.Unique("worker");
        await using var server = await TestServer.StartAsync(["--admins", boss]);
        await using (await Users.NewAsync(server.TcpPort, boss))
        await using (await Users.NewAsync(server.TcpPort, worker))
        {
        }

        using var admin = new AdminHttp(server);
        (await admin.SignInAsync(new { userId = worker, password = Users.Password })).ShouldBe(HttpStatusCode.Unauthorized, "not an admin");
        (await admin.SignInAsync(new { userId = boss, password = "wrong-pw" })).ShouldBe(HttpStatusCode.Unauthorized, "wrong password");
        (await admin.SignInAsync(new { userId = "nobody", password = Users.Password })).ShouldBe(HttpStatusCode.Unauthorized, "no such user");
        (await admin.SignInAsync(new { token = "anything" })).ShouldBe(HttpStatusCode.Unauthorized, "no token is configured");
        (await admin.StatusOfAsync(HttpMethod.Get, "status")).ShouldBe(HttpStatusCode.Unauthorized);

        (await admin.SignInAsync(new { userId = boss, password = Users.Password })).ShouldBe(HttpStatusCode.OK);
        (await admin.GetJsonAsync("session")).GetProperty("admin").GetString().ShouldBe(boss);
        (await admin.GetJsonAsync("status")).GetProperty("nodes").GetArrayLength().ShouldBe(1);

        // A change with the cookie alone is what a forged cross-site request looks like: refused.
        (await admin.StatusOfAsync(HttpMethod.Post, $"users/{worker}/revoke-tokens", csrfHeader: false)).ShouldBe(HttpStatusCode.Forbidden);
        (await admin.StatusOfAsync(HttpMethod.Post, $"users/{worker}/revoke-tokens")).ShouldBe(HttpStatusCode.OK);

        (await admin.StatusOfAsync(HttpMethod.Delete, "session")).ShouldBe(HttpStatusCode.NoContent);
        (await admin.StatusOfAsync(HttpMethod.Get, "status")).ShouldBe(HttpStatusCode.Unauthorized, "signed out");
    }

    [Fact]
    public async Task Admin_sign_ins_are_throttled_like_chat_logins()
    {
        string boss = Users.Unique("boss");
        await using var server = await TestServer.StartAsync(["--admins", boss, "--Relink:Limits:LoginBurstPerAccount=2"]);
        await using (await Users.NewAsync(server.TcpPort, boss))
        {
        }

        using var admin = new AdminHttp(server);
        var answers = new List<HttpStatusCode>();
        while (answers.Count < 10 && answers.LastOrDefault() != HttpStatusCode.TooManyRequests)
        {
            answers.Add(await admin.SignInAsync(new { userId = boss, password = "guess-" + answers.Count }));
        }

        answers[^1].ShouldBe(HttpStatusCode.TooManyRequests);
        answers.Count.ShouldBeLessThanOrEqualTo(3, "the chat login took one of the 2 attempts (and a 10 s refill may add one)");
        (await admin.SignInAsync(new { userId = boss, password = Users.Password })).ShouldBe(HttpStatusCode.TooManyRequests, "the right password, but the budget is spent");
    }

    [Fact]
    public async Task The_sign_in_expires_after_its_lifetime()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestServer.StartAsync(["--admin-token", Token, "--Relink:AdminSessionLifetime=5m"], time);
        using var admin = new AdminHttp(server);
        (await admin.SignInAsync(new { token = Token })).ShouldBe(HttpStatusCode.OK);
        (await admin.GetJsonAsync("session")).GetProperty("admin").GetString().ShouldBe("admin-token");

        time.Advance(TimeSpan.FromMinutes(5));
        (await admin.StatusOfAsync(HttpMethod.Get, "status")).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("Admins:0", "alice", "Admins:1", "bob")] // a JSON array in appsettings.json
    [InlineData("Admins", "alice, bob", "Demo", "true")] // one value from --admins or Relink__Admins
    public void Admins_are_read_from_an_array_or_a_comma_separated_value(string key1, string value1, string key2, string value2)
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key1] = value1, [key2] = value2 }).Build();
        RelinkServerOptions.Load(section).Admins.ShouldBe(["alice", "bob"]);
    }

    [Theory]
    [InlineData("AdminSessionLifetime", "30s")]
    [InlineData("AdminSampleInterval", "10ms")]
    [InlineData("AdminChartWindow", "4h")] // 14,400 one-second samples
    public void Admin_settings_that_cannot_work_are_refused_with_their_name(string key, string value)
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        Should.Throw<ArgumentException>(() => RelinkServerOptions.Load(section)).Message.ShouldContain(key);
    }
}
