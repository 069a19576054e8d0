using System.Net;
using Relink.Protocol.Messages;
using Relink.Testing;
using Relink.Testing.Server;
using Body = Relink.Protocol.Messages.Envelope.BodyOneofCase;

namespace Relink.Server.Tests.Api;

/// <summary>
/// Users through the server API, seen by clients on the chat protocol: a created user signs in (or, without a
/// password, cannot); disabling one kicks their live sessions and refuses their logins until enabled again; logging
/// one out everywhere kicks every session and kills their resume tokens.
/// </summary>
public sealed class Server_Api_Users_Tests(ApiServerFixture fixture) : IClassFixture<ApiServerFixture>
{
    private readonly ServerApiClient _api = fixture.Api;
    private int Port => fixture.Server.TcpPort;

    [Fact]
    public async Task A_created_user_signs_in_with_the_password_given_and_shows_online_while_signed_in()
    {
        string id = Users.Unique("made");
        var created = await ServerApiClient.JsonAsync(await _api.PostAsync("users", new { id, nickname = " Made By App ", password = Users.Password }), HttpStatusCode.Created);
        created.GetProperty("nickname").GetString().ShouldBe("Made By App");

        await using var session = await Users.LoginAsync(Port, id);

        session.State.Profile.Nickname.ShouldBe("Made By App");
        var user = await ServerApiClient.JsonAsync(await _api.GetAsync($"users/{id}"), HttpStatusCode.OK);
        user.GetProperty("online").GetBoolean().ShouldBeTrue();
        user.GetProperty("disabled").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task A_user_created_without_a_password_cannot_sign_in_with_any_password()
    {
        string id = Users.Unique("tokenonly");
        var created = await ServerApiClient.JsonAsync(await _api.PostAsync("users", new { id }), HttpStatusCode.Created);
        created.GetProperty("nickname").GetString().ShouldBe(id, "the nickname defaults to the id");

        await using var client = await RawClient.ConnectAsync(Port);
        foreach (string password in new[] { "", "secret-pw" })
        {
            (await Users.LoginAsync(client, id, password)).Error.Code.ShouldBe(ErrorCode.InvalidCredentials);
        }
    }

    [Fact]
    public async Task Disabling_a_user_kicks_their_live_sessions_and_refuses_logins_until_they_are_enabled_again()
    {
        string id = await NewUserAsync("disabled");
        await using var phone = await Users.LoginAsync(Port, id, device: "phone");
        await using var laptop = await Users.LoginAsync(Port, id, device: "laptop");

        var change = await ServerApiClient.JsonAsync(await _api.PostAsync($"users/{id}/disable"), HttpStatusCode.OK);

        change.GetProperty("disabled").GetBoolean().ShouldBeTrue();
        change.GetProperty("sessionsEnded").GetInt32().ShouldBe(2);
        foreach (var session in new[] { phone, laptop })
        {
            (await session.Client.NextPushAsync(Body.Kicked)).Kicked.Reason.ShouldBe(KickReason.AccountDisabled);
            await session.Client.Closed.WaitAsync(Eventually.DefaultTimeout);
        }

        await using (var again = await RawClient.ConnectAsync(Port))
        {
            (await Users.LoginAsync(again, id)).Error.Code.ShouldBe(ErrorCode.InvalidCredentials);
        }

        (await ServerApiClient.JsonAsync(await _api.GetAsync($"users/{id}"), HttpStatusCode.OK)).GetProperty("disabled").GetBoolean().ShouldBeTrue();
        var enabled = await ServerApiClient.JsonAsync(await _api.PostAsync($"users/{id}/enable"), HttpStatusCode.OK);
        enabled.GetProperty("disabled").GetBoolean().ShouldBeFalse();
        await using var back = await Users.LoginAsync(Port, id);
    }

    [Fact]
    public async Task Logging_a_user_out_everywhere_kicks_every_session_and_their_resume_tokens_stop_working()
    {
        string id = await NewUserAsync("loggedout");
        await using var phone = await Users.LoginAsync(Port, id, device: "phone");
        await using var laptop = await Users.LoginAsync(Port, id, device: "laptop");

        var change = await ServerApiClient.JsonAsync(await _api.PostAsync($"users/{id}/logout"), HttpStatusCode.OK);

        change.GetProperty("sessionsEnded").GetInt32().ShouldBe(2);
        change.GetProperty("disabled").GetBoolean().ShouldBeFalse();
        foreach (var session in new[] { phone, laptop })
        {
            (await session.Client.NextPushAsync(Body.Kicked)).Kicked.Reason.ShouldBe(KickReason.LoggedOut);
            await using var resume = await RawClient.ConnectAsync(Port);
            var answer = await resume.RequestAsync(new Envelope
            {
                Resume = new ResumeRequest { UserId = id, ResumeToken = session.State.ResumeToken, DeviceId = session == phone ? "phone" : "laptop" },
            });
            answer.Error.Code.ShouldBe(ErrorCode.ResumeRejected);
        }

        await using var withPassword = await Users.LoginAsync(Port, id); // the account itself stays usable
    }

    private async Task<string> NewUserAsync(string name)
    {
        string id = Users.Unique(name);
        await ServerApiClient.JsonAsync(await _api.PostAsync("users", new { id, password = Users.Password }), HttpStatusCode.Created);
        return id;
    }
}
