using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Relink.Protocol.Messages;
using Relink.Testing;
using Relink.Testing.Server;
using Body = Relink.Protocol.Messages.Envelope.BodyOneofCase;

namespace Relink.Server.Tests.Diagnostics;

/// <summary>
/// Logs are shipped, kept and read by people who must not read messages or take over accounts: at Information level
/// (the default) no message text, password or token appears in any entry, its values or its scopes.
/// </summary>
public sealed class Log_Secrets_Tests
{
    [Fact]
    public async Task Message_text_passwords_and_resume_tokens_never_appear_in_information_logs()
    {
        var logs = new ScopedLogRecorder();
        await using var server = await TestServer.StartAsync(
            ["--log-format", "json", "--Logging:LogLevel:Default=Information", "--Logging:Console:LogLevel:Default=None"],
            services: s => s.AddSingleton<ILoggerProvider>(logs));
        string unique = Guid.NewGuid().ToString("N");
        string password = "first-pw-" + unique, newPassword = "second-pw-" + unique, wrongPassword = "wrong-pw-" + unique;
        string text = "the-secret-plan-" + unique;
        string annId = Users.Unique("ann"), bobId = Users.Unique("bob");

        await using var ann = await RawClient.ConnectAsync(server.TcpPort);
        (await Users.RegisterAsync(ann, annId, password)).BodyCase.ShouldBe(Body.RegisterOk);
        (await Users.LoginAsync(ann, annId, wrongPassword)).Error.Code.ShouldBe(ErrorCode.InvalidCredentials);
        var login = await Users.LoginAsync(ann, annId, password);
        login.BodyCase.ShouldBe(Body.LoginOk);
        await using var bob = await Users.NewAsync(server.TcpPort, bobId);
        var annIn = new LoggedIn(annId, ann, login.LoginOk);
        await Users.BefriendAsync(annIn, bob);
        (await annIn.SendTextAsync(bob.Direct, text)).BodyCase.ShouldBe(Body.SendMessageOk);
        (await bob.Client.NextPushAsync(Body.Message)).Message.Message.Text.ShouldBe(text);
        var changed = await ann.RequestAsync(new Envelope { ChangePassword = new ChangePasswordRequest { OldPassword = password, NewPassword = newPassword } });
        changed.BodyCase.ShouldBe(Body.ChangePasswordOk);
        await using var resuming = await RawClient.ConnectAsync(server.TcpPort);
        var resumed = await resuming.RequestAsync(new Envelope { Resume = new ResumeRequest { UserId = annId, DeviceId = "test", ResumeToken = changed.ChangePasswordOk.ResumeToken } });
        resumed.BodyCase.ShouldBe(Body.ResumeOk);
        await ann.Closed.WaitAsync(Eventually.DefaultTimeout); // the resume replaced ann's first link: its close is logged too

        // The capture works and sees the session scopes: ann's login is logged, under her user and session.
        await Eventually.TrueAsync(() => logs.Entries.Count(e => e.EventId == 2002 && e.Scopes.GetValueOrDefault("UserId") == annId) == 2, "both of ann's sessions logged in");
        logs.Entries.Where(e => e.EventId == 2002 && e.Scopes.GetValueOrDefault("UserId") == annId)
            .ShouldAllBe(e => e.Level == LogLevel.Information && e.Scopes["SessionId"].Length == 32 && e.Scopes["Transport"] == "tcp");
        string[] secrets = [password, newPassword, wrongPassword, text, login.LoginOk.ResumeToken, changed.ChangePasswordOk.ResumeToken, resumed.ResumeOk.State.ResumeToken];
        foreach (string secret in secrets)
        {
            logs.Entries.Where(e => e.Text.Contains(secret, StringComparison.Ordinal)).ShouldBeEmpty($"a log entry holds '{secret}'");
        }
    }
}
