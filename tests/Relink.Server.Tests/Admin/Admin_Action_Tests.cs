using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Relink.Protocol.Messages;
using Relink.Testing;
using Relink.Testing.Server;
using Body = Relink.Protocol.Messages.Envelope.BodyOneofCase;

namespace Relink.Server.Tests.Admin;

/// <summary>What an operator does to an account from the admin API, and the audit log line each action leaves.</summary>
public sealed class Admin_Action_Tests : IAsyncLifetime
{
    private const string AdminPassword = "admin-pw-123";
    private readonly LogRecorder _logs = new();
    private readonly string _boss = Users.Unique("boss");
    private TestServer _server = null!;
    private AdminHttp _admin = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(
            ["--admins", _boss, "--multi-device", "--Logging:LogLevel:Relink.Server.Admin=Information"],
            services: s => s.AddSingleton<ILoggerProvider>(_logs));
        await using (var boss = await RawClient.ConnectAsync(_server.TcpPort))
        {
            (await Users.RegisterAsync(boss, _boss, AdminPassword)).BodyCase.ShouldBe(Body.RegisterOk);
        }

        _admin = new AdminHttp(_server);
        (await _admin.SignInAsync(new { userId = _boss, password = AdminPassword })).ShouldBe(HttpStatusCode.OK);
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Signing_a_user_out_everywhere_kicks_every_device_revokes_its_tokens_and_is_logged_with_who_did_it()
    {
        string id = Users.Unique("ann");
        await using var laptop = await Users.NewAsync(_server.TcpPort, id, device: "laptop");
        await using var phone = await Users.LoginAsync(_server.TcpPort, id, device: "phone");

        (await _admin.PostJsonAsync($"users/{id}/sign-out")).GetProperty("kicked").GetInt32().ShouldBe(2);

        foreach (var device in new[] { laptop, phone })
        {
            (await device.Client.NextPushAsync(Body.Kicked)).Kicked.Reason.ShouldBe(KickReason.LoggedOut);
            await device.Client.Closed.WaitAsync(Eventually.DefaultTimeout);
        }

        (await ResumeAsync(id, "laptop", laptop.State.ResumeToken)).BodyCase.ShouldBe(Body.Error, "tokens are revoked");
        (await _admin.GetJsonAsync($"users?q={id}")).GetProperty("users").GetArrayLength().ShouldBe(0, "offline now");

        var line = _logs.Entries.Single(e => e.Category == "Relink.Server.Admin.AccountAdministration");
        line.Level.ShouldBe(LogLevel.Information);
        line.Message.ShouldBe($"Admin {_boss} signed {id} out everywhere (2 sessions kicked, resume tokens revoked)");
        _logs.Entries.ShouldContain(e => e.Message == $"Admin {_boss} signed in to the admin console from 127.0.0.1");
        _logs.Entries.ShouldNotContain(e => e.Message.Contains(AdminPassword, StringComparison.Ordinal) || e.Message.Contains(laptop.State.ResumeToken, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Revoking_tokens_leaves_the_session_connected_but_its_token_no_longer_resumes()
    {
        string id = Users.Unique("bob");
        await using var bob = await Users.NewAsync(_server.TcpPort, id);

        await _admin.PostJsonAsync($"users/{id}/revoke-tokens");

        (await bob.Client.RequestAsync(new Envelope { ListFriends = new ListFriendsRequest() })).BodyCase.ShouldBe(Body.ListFriendsOk);
        bob.Client.Pending().ShouldNotContain(e => e.BodyCase == Body.Kicked);
        var resume = await ResumeAsync(id, "test", bob.State.ResumeToken);
        resume.Error.Code.ShouldBe(ErrorCode.ResumeRejected);
        _logs.Entries.ShouldContain(e => e.Message == $"Admin {_boss} revoked every resume token of {id}" && e.Level == LogLevel.Information);
    }

    [Fact]
    public async Task A_disabled_account_is_kicked_and_cannot_log_in_until_it_is_enabled_again()
    {
        string id = Users.Unique("cat");
        await using var cat = await Users.NewAsync(_server.TcpPort, id);

        (await _admin.PostJsonAsync($"users/{id}/disable")).GetProperty("kicked").GetInt32().ShouldBe(1);
        (await cat.Client.NextPushAsync(Body.Kicked)).Kicked.Reason.ShouldBe(KickReason.AccountDisabled);
        await using (var again = await RawClient.ConnectAsync(_server.TcpPort))
        {
            (await Users.LoginAsync(again, id)).Error.Code.ShouldBe(ErrorCode.InvalidCredentials);
        }

        await _admin.PostJsonAsync($"users/{id}/enable");
        await using (await Users.LoginAsync(_server.TcpPort, id))
        {
        }

        _logs.Entries.Where(e => e.Category == "Relink.Server.Admin.AccountAdministration").Select(e => e.Message).ShouldBe(
        [
            $"Admin {_boss} set {id} disabled=True (1 sessions kicked)",
            $"Admin {_boss} set {id} disabled=False (0 sessions kicked)",
        ]);
    }

    [Fact]
    public async Task An_action_on_an_unknown_user_answers_not_found_and_changes_nothing()
    {
        foreach (string action in new[] { "sign-out", "revoke-tokens", "disable", "enable" })
        {
            (await _admin.StatusOfAsync(HttpMethod.Post, $"users/nobody-here/{action}")).ShouldBe(HttpStatusCode.NotFound, action);
        }

        _logs.Entries.ShouldNotContain(e => e.Category == "Relink.Server.Admin.AccountAdministration");
    }

    [Fact]
    public async Task Online_users_are_searched_by_id_or_nickname_and_paged()
    {
        string tag = Users.Unique("page");
        var online = new List<LoggedIn>();
        try
        {
            foreach (string suffix in new[] { "a", "b", "c" })
            {
                online.Add(await Users.NewAsync(_server.TcpPort, $"{tag}{suffix}"));
            }

            var first = await _admin.GetJsonAsync($"users?q={tag}&limit=2");
            first.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("userId").GetString()).ShouldBe([$"{tag}a", $"{tag}b"]);
            first.GetProperty("hasMore").GetBoolean().ShouldBeTrue();
            first.GetProperty("total").GetInt32().ShouldBe(3);
            var second = await _admin.GetJsonAsync($"users?q={tag}&limit=2&offset=2");
            second.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("userId").GetString()).ShouldBe([$"{tag}c"]);
            second.GetProperty("hasMore").GetBoolean().ShouldBeFalse();

            // Users.NewAsync gives the nickname in capitals; the search ignores case.
            var byNickname = await _admin.GetJsonAsync($"users?q={tag.ToUpperInvariant()}C");
            byNickname.GetProperty("users").EnumerateArray().Single().GetProperty("nickname").GetString().ShouldBe($"{tag}C".ToUpperInvariant());

            var leaving = online[0];
            online.RemoveAt(0);
            await leaving.DisposeAsync();
            await Eventually.TrueAsync(async () => (await _admin.GetJsonAsync($"users?q={tag}")).GetProperty("total").GetInt32() == 2, "a closed connection leaves the online list");
            var everyone = await _admin.GetJsonAsync($"users?q={tag}&online=false");
            everyone.GetProperty("users").EnumerateArray().Select(u => (u.GetProperty("userId").GetString(), u.GetProperty("online").GetBoolean()))
                .OrderBy(u => u.Item1).ShouldBe([($"{tag}a", false), ($"{tag}b", true), ($"{tag}c", true)]);
        }
        finally
        {
            foreach (var user in online)
            {
                await user.DisposeAsync();
            }
        }
    }

    private async Task<Envelope> ResumeAsync(string userId, string device, string token)
    {
        await using var client = await RawClient.ConnectAsync(_server.TcpPort);
        return await client.RequestAsync(new Envelope { Resume = new ResumeRequest { UserId = userId, DeviceId = device, ResumeToken = token } });
    }
}
