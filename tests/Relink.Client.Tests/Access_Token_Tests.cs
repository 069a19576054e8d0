using Microsoft.Extensions.Time.Testing;
using Relink.Client.Tests.Fakes;
using Relink.Protocol.Messages;
using Relink.Testing;

namespace Relink.Client.Tests;

/// <summary>Logging in with the app's access tokens, and getting a fresh one when a lost session needs a full login.</summary>
public class Access_Token_Tests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task A_token_login_sends_the_token_in_place_of_the_password_and_takes_the_user_from_the_answer()
    {
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server, _time);

        var loggingIn = client.LoginWithAccessTokenAsync("app.jwt.token");
        var connection = await server.AcceptAsync();
        var login = await connection.ExpectAsync(Envelope.BodyOneofCase.Login);
        login.Login.AccessToken.ShouldBe("app.jwt.token");
        login.Login.Password.ShouldBeEmpty();
        login.Login.UserId.ShouldBeEmpty("the server takes the user from the token");
        login.Login.DeviceId.ShouldBe("test-device");
        await connection.ReplyAsync(login, new Envelope { LoginOk = Scenario.Login() });

        (await Eventually.WithinAsync(loggingIn, "the login")).Profile.UserId.ShouldBe("alice");
    }

    [Fact]
    public async Task A_lost_session_resumes_with_its_resume_token_and_a_refused_resume_logs_in_with_a_fresh_token_from_the_provider()
    {
        int fetched = 0;
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server, _time, o => o with
        {
            CredentialsProvider = _ => ValueTask.FromResult<Credentials?>(Credentials.FromAccessToken($"fresh-token-{++fetched}")),
        });
        var states = new StateRecorder(client);
        var loggingIn = client.LoginWithAccessTokenAsync("first-token");
        var first = await server.AcceptAsync();
        await first.ReplyAsync(await first.ExpectAsync(Envelope.BodyOneofCase.Login), new Envelope { LoginOk = Scenario.Login() });
        await Eventually.WithinAsync(loggingIn, "the login");

        // A short outage: the resume token suffices, whatever became of the access token.
        await first.CloseAsync();
        await states.NextAsync<ConnectionState.Reconnecting>();
        _time.Advance(TimeSpan.FromSeconds(1));
        var second = await Scenario.ResumeAsync(server, "token-1", Scenario.WithToken(Scenario.Login(), "token-2"));
        await states.NextAsync<ConnectionState.Connected>();
        fetched.ShouldBe(0, "no token is fetched for a resume");

        // A long one: the resume token is refused, so the provider is asked for a token now.
        await second.CloseAsync();
        await states.NextAsync<ConnectionState.Reconnecting>();
        _time.Advance(TimeSpan.FromSeconds(2)); // the second attempt of the backoff: the session was not up for long
        var third = await server.AcceptAsync();
        await third.ReplyErrorAsync(await third.ExpectAsync(Envelope.BodyOneofCase.Resume), ErrorCode.ResumeRejected, "expired");
        var login = await third.ExpectAsync(Envelope.BodyOneofCase.Login);
        login.Login.AccessToken.ShouldBe("fresh-token-1");
        login.Login.Password.ShouldBeEmpty();
        await third.ReplyAsync(login, new Envelope { LoginOk = Scenario.WithToken(Scenario.Login(), "token-3") });

        await states.NextAsync<ConnectionState.Connected>();
        fetched.ShouldBe(1);
    }

    [Fact]
    public async Task A_refused_token_stops_the_client_as_refused_credentials()
    {
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server, _time, o => o with
        {
            CredentialsProvider = _ => ValueTask.FromResult<Credentials?>(Credentials.FromAccessToken("expired-token")),
        });

        var starting = client.StartAsync();
        var connection = await server.AcceptAsync();
        var login = await connection.ExpectAsync(Envelope.BodyOneofCase.Login);
        login.Login.AccessToken.ShouldBe("expired-token");
        await connection.ReplyErrorAsync(login, ErrorCode.InvalidCredentials, "Unknown user or wrong password.");

        (await Should.ThrowAsync<RelinkStoppedException>(() => starting)).Reason.ShouldBe(StopReason.AuthRequired);
    }

    [Fact]
    public void Token_credentials_name_the_user_when_asked_and_never_print_the_token()
    {
        var credentials = Credentials.FromAccessToken("secret.jwt.value", userId: "alice");

        credentials.UserId.ShouldBe("alice");
        credentials.Password.ShouldBeEmpty();
        credentials.AccessToken.ShouldBe("secret.jwt.value");
        credentials.ToString().ShouldNotContain("secret.jwt.value");
        new Credentials("alice", "pw").AccessToken.ShouldBeNull();
        Should.Throw<ArgumentException>(() => Credentials.FromAccessToken(""));
    }
}
