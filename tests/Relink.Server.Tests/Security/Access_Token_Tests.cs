using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;
using Relink.Protocol.Messages;
using Relink.Server.Hosting;
using Relink.Testing;
using Relink.Testing.Server;
using Protocol = Relink.Server.Tests.Protocol;
using Body = Relink.Protocol.Messages.Envelope.BodyOneofCase;

namespace Relink.Server.Tests.Security;

/// <summary>Sign-in with the app's JWTs: <c>login { access_token }</c> against a server given the app's keys.</summary>
public sealed class Access_Token_Tests(Access_Token_Tests.Fixture fixture) : IClassFixture<Access_Token_Tests.Fixture>
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task An_hs256_token_signs_in_a_user_never_seen_before_named_by_the_token()
    {
        string id = Users.Unique("hs");
        await using var client = await RawClient.ConnectAsync(Server.TcpPort);

        var login = await LoginAsync(client, AppTokens.Mint(id, name: "Ann from the app"));

        login.BodyCase.ShouldBe(Body.LoginOk, login.ToString());
        login.LoginOk.Profile.UserId.ShouldBe(id);
        login.LoginOk.Profile.Nickname.ShouldBe("Ann from the app");
        login.LoginOk.ResumeToken.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task A_user_created_by_a_token_has_no_password_that_logs_in_and_signs_in_again_with_a_token()
    {
        string id = Users.Unique("again");
        await using (var first = await RawClient.ConnectAsync(Server.TcpPort))
        {
            (await LoginAsync(first, AppTokens.Mint(id))).LoginOk.Profile.Nickname.ShouldBe(id, "no name claim: the user id");
        }

        await using var client = await RawClient.ConnectAsync(Server.TcpPort);
        (await Users.LoginAsync(client, id, "")).Error.Code.ShouldBe(ErrorCode.InvalidCredentials);
        (await Users.LoginAsync(client, id, Users.Password)).Error.Code.ShouldBe(ErrorCode.InvalidCredentials);
        (await LoginAsync(client, AppTokens.Mint(id, name: "Renamed"))).LoginOk.Profile.UserId.ShouldBe(id);
    }

    [Fact]
    public async Task An_existing_password_user_can_sign_in_with_a_token_too()
    {
        string id = Users.Unique("both");
        await using var client = await RawClient.ConnectAsync(Server.TcpPort);
        await Users.RegisterAsync(client, id);

        var login = await LoginAsync(client, AppTokens.Mint(id, name: "ignored for a known user"));

        login.LoginOk.Profile.Nickname.ShouldBe(id.ToUpperInvariant(), "the nickname it registered with");
    }

    [Fact]
    public async Task Rs256_and_es256_tokens_verify_against_the_jwks_file()
    {
        string rsaUser = Users.Unique("rsa");
        string ecUser = Users.Unique("ec");
        await using var client = await RawClient.ConnectAsync(Server.TcpPort);
        await using var other = await RawClient.ConnectAsync(Server.TcpPort);

        (await LoginAsync(client, AppTokens.Mint(rsaUser, signing: fixture.Tokens.Rs256))).LoginOk.Profile.UserId.ShouldBe(rsaUser);
        (await LoginAsync(other, AppTokens.Mint(ecUser, signing: fixture.Tokens.Es256))).LoginOk.Profile.UserId.ShouldBe(ecUser);
    }

    [Fact]
    public async Task Every_bad_token_gets_the_same_answer_as_a_wrong_password()
    {
        // Each for an account of its own: six refusals of one account would meet its login throttle.
        string Id() => Users.Unique("bad");
        using var stranger = new AppTokens(); // keys the server was never given
        var past = DateTimeOffset.UtcNow.AddHours(-2);
        var bad = new Dictionary<string, string>
        {
            ["wrong secret"] = AppTokens.Mint(Id(), signing: new SigningCredentials(new SymmetricSecurityKey("another-secret-of-at-least-32-bytes!"u8.ToArray()), SecurityAlgorithms.HmacSha256)),
            ["unknown RSA key"] = AppTokens.Mint(Id(), signing: stranger.Rs256),
            ["unknown EC key"] = AppTokens.Mint(Id(), signing: stranger.Es256),
            ["expired"] = AppTokens.Mint(Id(), now: past, lifetime: TimeSpan.FromHours(1)),
            ["not yet valid"] = AppTokens.Mint(Id(), now: DateTimeOffset.UtcNow.AddHours(1)),
            ["no exp"] = AppTokens.Mint(Id(), withExpiry: false),
            ["alg none"] = AppTokens.Unsigned(Id()),
            ["algorithm not configured"] = AppTokens.Mint(Id(), signing: new SigningCredentials(new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(AppTokens.Secret)), SecurityAlgorithms.HmacSha512)),
            ["tampered payload"] = Tamper(AppTokens.Mint(Id())),
            ["no sub"] = AppTokens.Mint(null),
            ["sub not a user id"] = AppTokens.Mint("not a user id!"),
            ["malformed"] = "not-a-jwt",
            ["three parts, not JSON"] = "abc.def.ghi",
        };
        await using var client = await RawClient.ConnectAsync(Server.TcpPort);
        var wrongPassword = (await Users.LoginAsync(client, Users.Unique("nobody"), "wrong-password")).Error;

        foreach ((string what, string token) in bad)
        {
            var answer = await LoginAsync(client, token);
            answer.BodyCase.ShouldBe(Body.Error, what);
            answer.Error.Code.ShouldBe(wrongPassword.Code, what);
            answer.Error.Message.ShouldBe(wrongPassword.Message, what);
            answer.Error.Field.ShouldBe(wrongPassword.Field, what);
        }

        (await LoginAsync(client, AppTokens.Mint(Users.Unique("good")))).BodyCase.ShouldBe(Body.LoginOk, "the connection still logs in");
    }

    [Fact]
    public async Task A_user_id_sent_beside_the_token_must_be_the_tokens_subject()
    {
        string id = Users.Unique("named");
        await using var client = await RawClient.ConnectAsync(Server.TcpPort);

        (await LoginAsync(client, AppTokens.Mint(id), userId: Users.Unique("someone"))).Error.Code.ShouldBe(ErrorCode.InvalidCredentials);
        (await LoginAsync(client, AppTokens.Mint(id), userId: id)).LoginOk.Profile.UserId.ShouldBe(id);
    }

    [Fact]
    public async Task A_disabled_user_is_refused_like_a_wrong_password()
    {
        string id = Users.Unique("off");
        await using (var first = await RawClient.ConnectAsync(Server.TcpPort))
        {
            (await LoginAsync(first, AppTokens.Mint(id))).BodyCase.ShouldBe(Body.LoginOk);
        }

        await using (var db = new SqliteConnection($"Data Source={Path.Combine(Server.DataDirectory, RelinkServerHost.DatabaseFileName)}"))
        {
            await db.OpenAsync();
            var disable = db.CreateCommand();
            disable.CommandText = "UPDATE users SET disabled = 1 WHERE user_id = $id";
            disable.Parameters.AddWithValue("$id", id);
            (await disable.ExecuteNonQueryAsync()).ShouldBe(1);
        }

        await using var client = await RawClient.ConnectAsync(Server.TcpPort);
        (await LoginAsync(client, AppTokens.Mint(id))).Error.Code.ShouldBe(ErrorCode.InvalidCredentials);
    }

    [Fact]
    public async Task A_token_and_a_password_together_are_refused_naming_the_field()
    {
        string id = Users.Unique("twice");
        await using var client = await RawClient.ConnectAsync(Server.TcpPort);

        var answer = await client.RequestAsync(new Envelope { Login = new LoginRequest { UserId = id, Password = Users.Password, AccessToken = AppTokens.Mint(id) } });

        answer.Error.Code.ShouldBe(ErrorCode.InvalidArgument);
        answer.Error.Field.ShouldBe("access_token");
    }

    [Fact]
    public async Task The_session_of_a_token_login_resumes_with_its_resume_token()
    {
        string id = Users.Unique("resume");
        string resumeToken;
        await using (var first = await RawClient.ConnectAsync(Server.TcpPort))
        {
            resumeToken = (await LoginAsync(first, AppTokens.Mint(id))).LoginOk.ResumeToken;
        }

        await using var again = await RawClient.ConnectAsync(Server.TcpPort);
        var resumed = await again.RequestAsync(new Envelope { Resume = new ResumeRequest { UserId = id, DeviceId = "test", ResumeToken = resumeToken } });

        resumed.BodyCase.ShouldBe(Body.ResumeOk, resumed.ToString());
        resumed.ResumeOk.State.Profile.UserId.ShouldBe(id);
    }

    [Fact]
    public async Task A_token_signs_in_over_websocket_json_as_accessToken()
    {
        string id = Users.Unique("ws");
        using var socket = await Protocol.JsonSocket.ConnectAsync(Server.HttpPort);

        await Protocol.JsonSocket.SendAsync(socket, $$$"""{"requestId":1,"login":{"accessToken":"{{{AppTokens.Mint(id)}}}","deviceId":"web"}}""");

        string answer = await Protocol.JsonSocket.ReceiveTextAsync(socket);
        answer.ShouldContain("loginOk");
        answer.ShouldContain(id);
    }

    [Fact]
    public async Task Refused_tokens_count_against_the_login_throttle_of_the_account_they_name()
    {
        await using var server = await TestServer.StartAsync(["--jwt-key", AppTokens.Secret, "--Relink:Limits:LoginBurstPerAccount=3"]);
        string id = Users.Unique("guess");
        await using var client = await RawClient.ConnectAsync(server.TcpPort);
        var forged = AppTokens.Mint(id, signing: new SigningCredentials(new SymmetricSecurityKey("a-guessed-secret-of-at-least-32-bytes"u8.ToArray()), SecurityAlgorithms.HmacSha256));

        for (int i = 0; i < 3; i++)
        {
            (await LoginAsync(client, forged)).Error.Code.ShouldBe(ErrorCode.InvalidCredentials);
        }

        (await LoginAsync(client, forged)).Error.Code.ShouldBe(ErrorCode.RateLimited);
        (await LoginAsync(client, AppTokens.Mint(id))).Error.Code.ShouldBe(ErrorCode.RateLimited, "even a good token waits");
        (await Users.LoginAsync(client, id)).Error.Code.ShouldBe(ErrorCode.RateLimited, "one budget with password logins");
    }

    [Fact]
    public async Task Issuer_and_audience_are_checked_only_when_configured()
    {
        string id = Users.Unique("iss");
        await using (var open = await RawClient.ConnectAsync(Server.TcpPort))
        {
            (await LoginAsync(open, AppTokens.Mint(id, issuer: "https://anyone", audience: "anything"))).BodyCase.ShouldBe(Body.LoginOk, "not configured: not checked");
        }

        await using var server = await TestServer.StartAsync(["--jwt-key", AppTokens.Secret, "--jwt-issuer", "https://app.example", "--jwt-audience", "relink"]);
        await using var client = await RawClient.ConnectAsync(server.TcpPort);
        (await LoginAsync(client, AppTokens.Mint(id, issuer: "https://evil.example", audience: "relink"))).Error.Code.ShouldBe(ErrorCode.InvalidCredentials);
        (await LoginAsync(client, AppTokens.Mint(id, issuer: "https://app.example", audience: "another-service"))).Error.Code.ShouldBe(ErrorCode.InvalidCredentials);
        (await LoginAsync(client, AppTokens.Mint(id, audience: "relink"))).Error.Code.ShouldBe(ErrorCode.InvalidCredentials, "no issuer");
        (await LoginAsync(client, AppTokens.Mint(id, issuer: "https://app.example"))).Error.Code.ShouldBe(ErrorCode.InvalidCredentials, "no audience");
        (await LoginAsync(client, AppTokens.Mint(id, issuer: "https://app.example", audience: "relink"))).BodyCase.ShouldBe(Body.LoginOk);
    }

    [Fact]
    public async Task A_token_login_is_refused_with_a_clear_error_when_the_server_has_no_key()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await RawClient.ConnectAsync(server.TcpPort);

        var answer = await LoginAsync(client, AppTokens.Mint(Users.Unique("nokey")));

        answer.Error.Code.ShouldBe(ErrorCode.InvalidArgument);
        answer.Error.Field.ShouldBe("access_token");
        answer.Error.Message.ShouldContain("--jwt-key");
    }

    [Fact]
    public async Task A_token_that_expires_during_the_session_ends_nothing_and_the_clock_skew_is_30_seconds()
    {
        // The server's clock is moved by hand; heartbeats are slow enough that moving it does not end the link, and
        // several devices may be signed in, so the later logins take nothing over.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestServer.StartAsync(["--jwt-key", AppTokens.Secret, "--heartbeat-interval", "1h", "--heartbeat-timeout", "2h", "--multi-device"], time);
        string id = Users.Unique("live");
        string token = AppTokens.Mint(id, now: time.GetUtcNow(), lifetime: TimeSpan.FromMinutes(5));
        await using var client = await RawClient.ConnectAsync(server.TcpPort);
        (await LoginAsync(client, token)).BodyCase.ShouldBe(Body.LoginOk);

        time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(20));
        await using (var withinSkew = await RawClient.ConnectAsync(server.TcpPort))
        {
            (await LoginAsync(withinSkew, token, device: "other")).BodyCase.ShouldBe(Body.LoginOk, "20 s past exp is within the skew");
        }

        time.Advance(TimeSpan.FromSeconds(20));
        await using (var late = await RawClient.ConnectAsync(server.TcpPort))
        {
            (await LoginAsync(late, token, device: "late")).Error.Code.ShouldBe(ErrorCode.InvalidCredentials, "40 s past exp");
        }

        var stillThere = await client.RequestAsync(new Envelope { ListFriends = new ListFriendsRequest() });
        stillThere.BodyCase.ShouldBe(Body.ListFriendsOk, "the live session outlives its token");
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("not a key set")]
    [InlineData("no signing key")]
    public void A_bad_jwks_file_stops_the_start_naming_the_file(string problem)
    {
        using var folder = new TempDirectory();
        string path = Path.Combine(folder.Path, "keys.json");
        if (problem == "not a key set")
        {
            File.WriteAllText(path, "this is not JSON");
        }
        else if (problem == "no signing key")
        {
            File.WriteAllText(path, """{"keys": [{"kty": "oct", "k": "c2VjcmV0"}]}""");
        }

        var error = Should.Throw<ArgumentException>(() => RelinkServerHost.Build(["--jwt-jwks", path]));

        error.Message.ShouldContain("--jwt-jwks");
        error.Message.ShouldContain(path);
    }

    [Fact]
    public void A_short_secret_or_an_issuer_without_a_key_stops_the_start()
    {
        Should.Throw<ArgumentException>(() => RelinkServerHost.Build(["--jwt-key", "too-short"])).Message.ShouldContain("at least 32 bytes");
        Should.Throw<ArgumentException>(() => RelinkServerHost.Build(["--jwt-issuer", "https://app.example"])).Message.ShouldContain("--jwt-key");
    }

    private static Task<Envelope> LoginAsync(RawClient client, string token, string? userId = null, string device = "test") =>
        client.RequestAsync(new Envelope { Login = new LoginRequest { AccessToken = token, UserId = userId ?? "", DeviceId = device } });

    // Changes the payload but keeps the signature: what a user who edits their own token's "sub" sends.
    private static string Tamper(string token)
    {
        string[] parts = token.Split('.');
        string payload = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]));
        parts[1] = System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(payload.Replace("\"sub\":\"", "\"sub\":\"x", StringComparison.Ordinal)));
        return string.Join('.', parts);
    }

    /// <summary>One server that takes HS256 tokens and the RS256/ES256 keys of a JWKS file, no issuer or audience.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public AppTokens Tokens { get; } = new();

        public TestServer Server { get; private set; } = null!;

        public async Task InitializeAsync() => Server = await TestServer.StartAsync([.. Tokens.ServerFlags, "--multi-device"]);

        public async Task DisposeAsync()
        {
            await Server.DisposeAsync();
            Tokens.Dispose();
        }
    }
}
