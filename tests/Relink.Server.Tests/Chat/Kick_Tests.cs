using Relink.Protocol.Messages;
using Relink.Testing;
using Relink.Testing.Server;
using Body = Relink.Protocol.Messages.Envelope.BodyOneofCase;

namespace Relink.Server.Tests.Chat;

/// <summary>One session per account (the default): the rules for who gets displaced.</summary>
public sealed class Kick_Tests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_login_from_another_device_kicks_the_first_session_with_the_reason()
    {
        string id = Users.Unique("kick");
        await using var laptop = await Users.NewAsync(_server.TcpPort, id, device: "laptop");
        await using var phone = await Users.LoginAsync(_server.TcpPort, id, device: "phone");

        var kicked = (await laptop.Client.NextPushAsync(Body.Kicked)).Kicked;
        kicked.Reason.ShouldBe(KickReason.LoggedInElsewhere);
        kicked.DeviceId.ShouldBe("phone");
        await laptop.Client.Closed.WaitAsync(Eventually.DefaultTimeout);

        (await phone.Client.RequestAsync(new Envelope { ListFriends = new ListFriendsRequest() })).BodyCase.ShouldBe(Body.ListFriendsOk);
    }

    [Fact]
    public async Task The_same_device_coming_back_tells_its_older_link_why_it_is_replaced()
    {
        string id = Users.Unique("same");
        await using var old = await Users.NewAsync(_server.TcpPort, id, device: "phone");
        await using var again = await Users.LoginAsync(_server.TcpPort, id, device: "phone");

        var kicked = (await old.Client.NextPushAsync(Body.Kicked)).Kicked;
        kicked.Reason.ShouldBe(KickReason.ReplacedBySameDevice);
        kicked.DeviceId.ShouldBe("phone");
        await old.Client.Closed.WaitAsync(Eventually.DefaultTimeout);

        // The newer link is the session, and its resume token is the device's one.
        (await again.Client.RequestAsync(new Envelope { ListFriends = new ListFriendsRequest() })).BodyCase.ShouldBe(Body.ListFriendsOk);
        await using var resumed = await RawClient.ConnectAsync(_server.TcpPort);
        (await resumed.RequestAsync(new Envelope { Resume = new ResumeRequest { UserId = id, DeviceId = "phone", ResumeToken = again.State.ResumeToken } }))
            .BodyCase.ShouldBe(Body.ResumeOk);
    }

    [Fact]
    public async Task A_one_shot_login_takes_no_session_over_and_a_later_login_takes_it_over_like_any_other()
    {
        string id = Users.Unique("errand");
        await using var laptop = await Users.NewAsync(_server.TcpPort, id, device: "laptop");
        await using var otherDevice = await RawClient.ConnectAsync(_server.TcpPort);
        await using var sameDevice = await RawClient.ConnectAsync(_server.TcpPort);
        foreach ((RawClient errand, string device) in new[] { (otherDevice, "cli"), (sameDevice, "laptop") })
        {
            var login = await errand.RequestAsync(new Envelope { Login = new LoginRequest { UserId = id, Password = Users.Password, DeviceId = device, OneShot = true } });
            login.BodyCase.ShouldBe(Body.LoginOk, login.ToString());
        }

        // A kick would be queued before the errands' answers, so the laptop's next answer shows none came.
        (await laptop.Client.RequestAsync(new Envelope { ListFriends = new ListFriendsRequest() })).BodyCase.ShouldBe(Body.ListFriendsOk);
        laptop.Client.Pending().ShouldNotContain(e => e.BodyCase == Body.Kicked);

        await using var phone = await Users.LoginAsync(_server.TcpPort, id, device: "phone");
        foreach (RawClient taken in new[] { laptop.Client, otherDevice, sameDevice })
        {
            (await taken.NextPushAsync(Body.Kicked)).Kicked.DeviceId.ShouldBe("phone");
            await taken.Closed.WaitAsync(Eventually.DefaultTimeout);
        }
    }

    [Fact]
    public async Task Messages_go_only_to_the_session_that_took_over()
    {
        string id = Users.Unique("over"), friend = Users.Unique("over");
        await using var first = await Users.NewAsync(_server.TcpPort, id, device: "laptop");
        await using var bob = await Users.NewAsync(_server.TcpPort, friend);
        await Users.BefriendAsync(first, bob);
        await using var second = await Users.LoginAsync(_server.TcpPort, id, device: "phone");
        await first.Client.Closed.WaitAsync(Eventually.DefaultTimeout);

        await bob.SendTextAsync(PeerOf.User(id), "who gets this?");
        (await second.Client.NextPushAsync(Body.Message)).Message.Message.Text.ShouldBe("who gets this?");
    }
}

/// <summary>Changing the password ends every other session and every resume token of the account.</summary>
public sealed class Password_Change_Tests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Changing_the_password_kicks_other_devices_and_revokes_their_tokens()
    {
        int port = fixture.Server.TcpPort;
        string id = Users.Unique("pwc");
        await using var laptop = await Users.NewAsync(port, id, device: "laptop");
        await using var phone = await Users.LoginAsync(port, id, device: "phone"); // the fixture allows several devices

        var changed = await laptop.Client.RequestAsync(new Envelope { ChangePassword = new ChangePasswordRequest { OldPassword = Users.Password, NewPassword = "brand-new-pw" } });
        changed.ChangePasswordOk.ResumeToken.Length.ShouldBe(43);

        (await phone.Client.NextPushAsync(Body.Kicked)).Kicked.Reason.ShouldBe(KickReason.PasswordChanged);
        await phone.Client.Closed.WaitAsync(Eventually.DefaultTimeout);

        await using var retry = await RawClient.ConnectAsync(port);
        var resume = await retry.RequestAsync(new Envelope { Resume = new ResumeRequest { UserId = id, DeviceId = "phone", ResumeToken = phone.State.ResumeToken } });
        resume.Error.Code.ShouldBe(ErrorCode.ResumeRejected);
        (await Users.LoginAsync(retry, id)).Error.Code.ShouldBe(ErrorCode.InvalidCredentials);
        (await Users.LoginAsync(retry, id, "brand-new-pw", device: "phone")).BodyCase.ShouldBe(Body.LoginOk);
    }

    [Fact]
    public async Task A_wrong_old_password_changes_nothing()
    {
        string id = Users.Unique("pwx");
        await using var ann = await Users.NewAsync(fixture.Server.TcpPort, id);
        var refused = await ann.Client.RequestAsync(new Envelope { ChangePassword = new ChangePasswordRequest { OldPassword = "not-it", NewPassword = "brand-new-pw" } });
        refused.Error.Code.ShouldBe(ErrorCode.InvalidCredentials);
        await using var again = await Users.LoginAsync(fixture.Server.TcpPort, id, device: "other");
    }
}
