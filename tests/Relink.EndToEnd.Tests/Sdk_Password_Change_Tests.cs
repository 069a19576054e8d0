using Relink.Client;
using Relink.Testing;
using Relink.Testing.Server;

namespace Relink.EndToEnd.Tests;

/// <summary>ChangePasswordAsync against a real server: the session stays and can still be resumed; the old password is dead.</summary>
public sealed class Sdk_Password_Change_Tests : IAsyncLifetime
{
    private const string NewPassword = "brand-new-password";

    private TestServer _server = null!;
    private TcpFaultProxy _proxy = null!;

    public async Task InitializeAsync()
    {
        // Several devices at once, so there is another session for the change to sign out; and more than the
        // default 5 login attempts a minute per account, which this one account's logins and the change exceed.
        _server = await TestServer.StartAsync([.. ReconnectKit.ServerFlags, "--multi-device", "--Relink:Limits:LoginBurstPerAccount=20"]);
        _proxy = TcpFaultProxy.Start(_server.TcpPort);
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task After_a_password_change_a_lost_link_resumes_other_devices_are_signed_out_and_only_the_new_password_logs_in()
    {
        string[] ids = await ReconnectKit.FriendsAsync(_server, "ann", "bob");
        await using var ann = await ReconnectKit.LoginAsync(ReconnectKit.Via(_proxy), ids[0]);
        await using var annPhone = await ReconnectKit.LoginAsync(_server.TcpEndpoint, ids[0], device: "phone");
        var annWatch = new SessionWatch(ann);
        var phoneWatch = new SessionWatch(annPhone);

        await ann.ChangePasswordAsync(Clients.Password, NewPassword);

        var signedOut = await phoneWatch.EnteredAsync<ConnectionState.Stopped>();
        signedOut.Reason.ShouldBe(StopReason.Kicked);
        signedOut.Kick!.Reason.ShouldBe(KickReason.PasswordChanged);

        // The server revoked every token it had issued before: only the one the change answered with resumes.
        _proxy.ResetAll();
        await annWatch.ResumedAsync();
        annWatch.Resumes.Single().LoggedInAgain.ShouldBeFalse();
        (await ann.SendTextAsync(Peers.User(ids[1]), "still here")).Seq.ShouldBe(1);

        await using var withOld = new RelinkClient(new RelinkClientOptions { Server = _server.TcpEndpoint, DeviceId = "check", ReconnectPolicy = null, NetworkChanges = null });
        (await Should.ThrowAsync<RelinkException>(() => withOld.LoginAsync(ids[0], Clients.Password))).Code.ShouldBe(ErrorCode.InvalidCredentials);
        await using var withNew = new RelinkClient(new RelinkClientOptions { Server = _server.TcpEndpoint, DeviceId = "check", ReconnectPolicy = null, NetworkChanges = null });
        (await withNew.LoginAsync(ids[0], NewPassword)).Profile.UserId.ShouldBe(ids[0]);
    }
}
