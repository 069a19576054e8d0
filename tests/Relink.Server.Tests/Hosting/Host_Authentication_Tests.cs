using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Relink.Protocol.Messages;
using Relink.Server.Hosting;
using Relink.Storage;
using Body = Relink.Protocol.Messages.Envelope.BodyOneofCase;

namespace Relink.Server.Tests.Hosting;

/// <summary>
/// MapRelink(o => o.UseHostAuthentication()): the user the hosting app signed in on the upgrade request is that
/// user in Relink, logging in with <c>login {}</c>; the rest of a login (throttling, kicks, resume) is unchanged.
/// </summary>
public sealed class Host_Authentication_Tests
{
    private static Action<WebApplication> HostSignIn(bool allowAnonymous = false) =>
        app => app.MapRelink(o => o.UseHostAuthentication(allowAnonymous: allowAnonymous));

    [Fact]
    public async Task A_user_the_app_signed_in_logs_in_without_credentials_and_is_created_with_the_apps_name()
    {
        await using var app = await EmbeddingApp.StartAsync(HostSignIn());
        string userId = Users.Unique("host");
        await using var socket = await AppSocket.ConnectAsync(app.HttpPort, userId, name: "Ann Example");

        var login = await socket.LoginAsync();

        login.BodyCase.ShouldBe(Body.LoginOk, login.ToString());
        login.LoginOk.Profile.UserId.ShouldBe(userId);
        login.LoginOk.Profile.Nickname.ShouldBe("Ann Example");
        login.LoginOk.ResumeToken.ShouldNotBeEmpty();
        (await app.Services.GetRequiredService<IChatStore>().FindUserAsync(userId))!.Nickname.ShouldBe("Ann Example");
    }

    [Fact]
    public async Task An_anonymous_upgrade_is_refused()
    {
        await using var app = await EmbeddingApp.StartAsync(HostSignIn());

        (await AppSocket.RefusedUpgradeAsync(app.HttpPort, userId: null)).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_user_id_claim_that_is_no_Relink_user_id_is_refused()
    {
        await using var app = await EmbeddingApp.StartAsync(HostSignIn());

        (await AppSocket.RefusedUpgradeAsync(app.HttpPort, userId: "ann@example.com")).ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_page_of_another_site_cannot_use_the_apps_sign_in_unless_the_app_lists_its_origin()
    {
        await using var app = await EmbeddingApp.StartAsync(a => a.MapRelink(o => o.UseHostAuthentication(allowedOrigins: "https://partner.example")));
        string userId = Users.Unique("host");

        (await AppSocket.RefusedUpgradeAsync(app.HttpPort, userId, origin: "https://evil.example")).ShouldBe(HttpStatusCode.Forbidden);
        await using var own = await AppSocket.ConnectAsync(app.HttpPort, userId, origin: $"http://127.0.0.1:{app.HttpPort}");
        (await own.LoginAsync("own")).BodyCase.ShouldBe(Body.LoginOk);
        await using var partner = await AppSocket.ConnectAsync(app.HttpPort, userId, origin: "https://partner.example");
        (await partner.LoginAsync("partner")).BodyCase.ShouldBe(Body.LoginOk);
    }

    [Fact]
    public async Task Where_anonymous_visitors_may_connect_a_login_without_credentials_gets_the_uniform_credentials_error()
    {
        await using var app = await EmbeddingApp.StartAsync(HostSignIn(allowAnonymous: true));
        await using var socket = await AppSocket.ConnectAsync(app.HttpPort, userId: null);

        var login = await socket.LoginAsync();

        login.Error.Code.ShouldBe(ErrorCode.InvalidCredentials);
    }

    [Fact]
    public async Task The_connection_is_only_the_signed_in_users()
    {
        await using var app = await EmbeddingApp.StartAsync(HostSignIn());
        string userId = Users.Unique("host");
        await using var socket = await AppSocket.ConnectAsync(app.HttpPort, userId);

        (await socket.RequestAsync(new Envelope { Login = new LoginRequest { UserId = "someone-else", DeviceId = "web" } })).Error.Code.ShouldBe(ErrorCode.InvalidCredentials);
        var withPassword = await socket.RequestAsync(new Envelope { Login = new LoginRequest { UserId = userId, Password = "secret-pw" } });
        withPassword.Error.Code.ShouldBe(ErrorCode.InvalidArgument);
        withPassword.Error.Field.ShouldBe("password");
        (await socket.RequestAsync(new Envelope { Register = new RegisterRequest { UserId = Users.Unique("reg"), Password = "secret-pw" } })).Error.Code.ShouldBe(ErrorCode.Forbidden);
        (await socket.LoginAsync()).LoginOk.Profile.UserId.ShouldBe(userId);
    }

    [Fact]
    public async Task A_login_on_another_device_kicks_the_first_and_the_resume_token_works_for_the_same_user_only()
    {
        await using var app = await EmbeddingApp.StartAsync(HostSignIn());
        string annId = Users.Unique("host"), bobId = Users.Unique("host");
        await using var phone = await AppSocket.ConnectAsync(app.HttpPort, annId);
        (await phone.LoginAsync("phone")).BodyCase.ShouldBe(Body.LoginOk);
        await using var laptop = await AppSocket.ConnectAsync(app.HttpPort, annId);
        string token = (await laptop.LoginAsync("laptop")).LoginOk.ResumeToken;

        (await phone.NextPushAsync(Body.Kicked)).Kicked.Reason.ShouldBe(KickReason.LoggedInElsewhere);

        await using (var bobsConnection = await AppSocket.ConnectAsync(app.HttpPort, bobId))
        {
            var foreign = await bobsConnection.RequestAsync(new Envelope { Resume = new ResumeRequest { UserId = annId, ResumeToken = token, DeviceId = "laptop" } });
            foreign.Error.Code.ShouldBe(ErrorCode.ResumeRejected);
        }

        await using var laptopAgain = await AppSocket.ConnectAsync(app.HttpPort, annId);
        var resumed = await laptopAgain.RequestAsync(new Envelope { Resume = new ResumeRequest { UserId = annId, ResumeToken = token, DeviceId = "laptop" } });
        resumed.BodyCase.ShouldBe(Body.ResumeOk, resumed.ToString());
        resumed.ResumeOk.State.Profile.UserId.ShouldBe(annId);
    }

    [Fact]
    public async Task Logins_the_app_vouches_for_are_throttled_like_password_logins()
    {
        await using var app = await EmbeddingApp.StartAsync(HostSignIn(), new() { ["Relink:Limits:LoginBurstPerAccount"] = "2" });
        string userId = Users.Unique("host");

        for (int i = 0; i < 2; i++)
        {
            await using var allowed = await AppSocket.ConnectAsync(app.HttpPort, userId);
            (await allowed.LoginAsync()).BodyCase.ShouldBe(Body.LoginOk);
        }

        await using var third = await AppSocket.ConnectAsync(app.HttpPort, userId);
        (await third.LoginAsync()).Error.Code.ShouldBe(ErrorCode.RateLimited);
    }
}
