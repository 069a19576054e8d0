using Relink.Protocol.Messages;
using Relink.Testing;
using Body = Relink.Protocol.Messages.Envelope.BodyOneofCase;

namespace Relink.Server.Tests.Chat;

public sealed class Account_Tests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private int Port => fixture.Server.TcpPort;

    [Fact]
    public async Task Register_then_login_returns_profile_heartbeat_and_resume_token()
    {
        string id = Users.Unique("ann");
        await using var client = await RawClient.ConnectAsync(Port);
        var registered = await Users.RegisterAsync(client, id);
        registered.RegisterOk.Profile.UserId.ShouldBe(id);

        var login = (await Users.LoginAsync(client, id)).LoginOk;
        login.Profile.Nickname.ShouldBe(id.ToUpperInvariant());
        login.Profile.Head.ShouldBe("h-" + id);
        login.Heartbeat.IntervalMs.ShouldBe(15_000);
        login.Heartbeat.TimeoutMs.ShouldBe(35_000);
        login.ResumeToken.Length.ShouldBe(43); // 256 bits, base64url
        login.SessionId.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Registering_a_taken_id_is_refused()
    {
        string id = Users.Unique("dup");
        await using var client = await RawClient.ConnectAsync(Port);
        await Users.RegisterAsync(client, id);
        var again = await Users.RegisterAsync(client, id);
        again.Error.Code.ShouldBe(ErrorCode.UserExists);
    }

    [Theory]
    [InlineData("", "secret-pw", "user_id")]
    [InlineData("has space", "secret-pw", "user_id")]
    [InlineData("has:colon", "secret-pw", "user_id")]
    [InlineData("okname", "short", "password")]
    public async Task Registration_with_bad_fields_names_the_field(string userId, string password, string field)
    {
        await using var client = await RawClient.ConnectAsync(Port);
        var answer = await Users.RegisterAsync(client, userId, password);
        answer.Error.Code.ShouldBe(ErrorCode.InvalidArgument);
        answer.Error.Field.ShouldBe(field);
    }

    [Fact]
    public async Task Wrong_password_and_unknown_user_get_the_same_answer()
    {
        string id = Users.Unique("pw");
        await using var client = await RawClient.ConnectAsync(Port);
        await Users.RegisterAsync(client, id);

        var wrong = (await Users.LoginAsync(client, id, "not-the-password")).Error;
        var unknown = (await Users.LoginAsync(client, Users.Unique("ghost"))).Error;

        wrong.Code.ShouldBe(ErrorCode.InvalidCredentials);
        unknown.Code.ShouldBe(ErrorCode.InvalidCredentials);
        unknown.Message.ShouldBe(wrong.Message);
    }

    [Fact]
    public async Task Requests_before_login_are_refused_but_the_connection_stays_usable()
    {
        string id = Users.Unique("early");
        await using var client = await RawClient.ConnectAsync(Port);
        var answer = await client.RequestAsync(new Envelope { ListFriends = new ListFriendsRequest() });
        answer.Error.Code.ShouldBe(ErrorCode.NotAuthenticated);

        await Users.RegisterAsync(client, id);
        (await Users.LoginAsync(client, id)).BodyCase.ShouldBe(Body.LoginOk);
    }

    [Fact]
    public async Task A_second_login_on_one_connection_is_refused()
    {
        await using var ann = await Users.NewAsync(Port, Users.Unique("twice"));
        var again = await Users.LoginAsync(ann.Client, ann.UserId);
        again.Error.Code.ShouldBe(ErrorCode.AlreadyAuthenticated);
    }

    [Fact]
    public async Task Ping_is_answered_with_server_time_echoing_the_client_time()
    {
        await using var client = await RawClient.ConnectAsync(Port);
        var sent = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch.AddDays(1));
        var pong = (await client.RequestAsync(new Envelope { Ping = new Ping { ClientTime = sent } })).Pong;
        pong.ClientTime.ShouldBe(sent);
        (pong.ServerTime.ToDateTimeOffset() - DateTimeOffset.UtcNow).Duration().ShouldBeLessThan(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Logout_closes_the_connection_and_the_resume_token_stops_working()
    {
        await using var ann = await Users.NewAsync(Port, Users.Unique("bye"));
        (await ann.Client.RequestAsync(new Envelope { Logout = new LogoutRequest() })).BodyCase.ShouldBe(Body.LogoutOk);
        await ann.Client.Closed.WaitAsync(Eventually.DefaultTimeout);

        await using var again = await RawClient.ConnectAsync(Port);
        var resume = await again.RequestAsync(new Envelope { Resume = new ResumeRequest { UserId = ann.UserId, DeviceId = "test", ResumeToken = ann.State.ResumeToken } });
        resume.Error.Code.ShouldBe(ErrorCode.ResumeRejected);
    }

    [Fact]
    public async Task Resume_returns_a_new_token_and_the_old_one_is_refused_once_the_new_one_is_used()
    {
        await using var ann = await Users.NewAsync(Port, Users.Unique("res"));
        await using var second = await RawClient.ConnectAsync(Port);
        var resumed = await second.RequestAsync(new Envelope { Resume = new ResumeRequest { UserId = ann.UserId, DeviceId = "test", ResumeToken = ann.State.ResumeToken } });
        resumed.ResumeOk.State.Profile.UserId.ShouldBe(ann.UserId);
        resumed.ResumeOk.State.ResumeToken.ShouldNotBe(ann.State.ResumeToken);
        await using var third = await RawClient.ConnectAsync(Port);
        var again = await third.RequestAsync(new Envelope { Resume = new ResumeRequest { UserId = ann.UserId, DeviceId = "test", ResumeToken = resumed.ResumeOk.State.ResumeToken } });
        again.BodyCase.ShouldBe(Body.ResumeOk);

        // Within the rotation grace the old token would still work had the new one not been used (Resume_Token_Grace_Tests).
        await using var replay = await RawClient.ConnectAsync(Port);
        var replayed = await replay.RequestAsync(new Envelope { Resume = new ResumeRequest { UserId = ann.UserId, DeviceId = "test", ResumeToken = ann.State.ResumeToken } });
        replayed.Error.Code.ShouldBe(ErrorCode.ResumeRejected);
    }

    [Fact]
    public async Task A_token_is_refused_for_another_user_or_device()
    {
        await using var ann = await Users.NewAsync(Port, Users.Unique("tok"));
        await using var bob = await Users.NewAsync(Port, Users.Unique("tok"));
        await using var client = await RawClient.ConnectAsync(Port);

        var otherUser = await client.RequestAsync(new Envelope { Resume = new ResumeRequest { UserId = bob.UserId, DeviceId = "test", ResumeToken = ann.State.ResumeToken } });
        otherUser.Error.Code.ShouldBe(ErrorCode.ResumeRejected);
        var otherDevice = await client.RequestAsync(new Envelope { Resume = new ResumeRequest { UserId = ann.UserId, DeviceId = "phone", ResumeToken = ann.State.ResumeToken } });
        otherDevice.Error.Code.ShouldBe(ErrorCode.ResumeRejected);
        var forged = await client.RequestAsync(new Envelope { Resume = new ResumeRequest { UserId = ann.UserId, DeviceId = "test", ResumeToken = new string('A', 43) } });
        forged.Error.Code.ShouldBe(ErrorCode.ResumeRejected);
    }
}
