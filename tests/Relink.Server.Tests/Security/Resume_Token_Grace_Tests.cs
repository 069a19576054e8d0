using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Relink.Protocol.Messages;
using Relink.Testing;
using Relink.Testing.Server;
using Body = Relink.Protocol.Messages.Envelope.BodyOneofCase;

namespace Relink.Server.Tests.Security;

/// <summary>
/// The rotation grace: a client whose resume answer was lost still holds the token that resume replaced, and may
/// use it again for a while (2 minutes by default), counted from the first rotation. The server's clock is moved
/// by hand.
/// </summary>
public sealed class Resume_Token_Grace_Tests
{
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task A_resume_whose_answer_was_lost_can_be_repeated_with_the_same_token_within_the_grace()
    {
        await using var server = await StartAsync();
        await using var ann = await Users.NewAsync(server.TcpPort, Users.Unique("lost"));
        string lost = await ResumedTokenAsync(server.TcpPort, ann.UserId, ann.State.ResumeToken);

        _time.Advance(Grace - TimeSpan.FromSeconds(1));
        string fresh = await ResumedTokenAsync(server.TcpPort, ann.UserId, ann.State.ResumeToken);

        fresh.ShouldNotBe(lost);
        fresh.ShouldNotBe(ann.State.ResumeToken);
        (await ResumeAsync(server.TcpPort, ann.UserId, lost)).Error.Code.ShouldBe(ErrorCode.ResumeRejected, "the token whose answer was lost was replaced again");
        (await ResumeAsync(server.TcpPort, ann.UserId, fresh)).BodyCase.ShouldBe(Body.ResumeOk);
    }

    [Fact]
    public async Task A_resume_through_the_grace_is_counted_and_logged_with_user_and_device_but_never_the_token()
    {
        var logs = new LogRecorder();
        await using var server = await TestServer.StartAsync([], _time, services: s => s.AddSingleton<ILoggerProvider>(logs));
        var meterScope = server.Get<IMeterFactory>();
        long graceResumes = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == meterScope && instrument.Name == "relink.resumes.through_grace")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref graceResumes, value));
        listener.Start();

        await using var ann = await Users.NewAsync(server.TcpPort, Users.Unique("graced"), device: "tablet");
        string current = await ResumedTokenAsync(server.TcpPort, ann.UserId, ann.State.ResumeToken, "tablet");
        Interlocked.Read(ref graceResumes).ShouldBe(0, "a resume with the current token is an ordinary one");

        string fresh = await ResumedTokenAsync(server.TcpPort, ann.UserId, ann.State.ResumeToken, "tablet");

        Interlocked.Read(ref graceResumes).ShouldBe(1);
        var entry = logs.Entries.Single(e => e.Message.Contains("rotation grace"));
        entry.Level.ShouldBe(LogLevel.Warning);
        entry.Message.ShouldContain(ann.UserId);
        entry.Message.ShouldContain("tablet");
        foreach (string token in new[] { ann.State.ResumeToken, current, fresh })
        {
            logs.Entries.ShouldNotContain(e => e.Message.Contains(token));
        }
    }

    [Fact]
    public async Task The_replaced_token_is_refused_once_the_grace_is_over_and_its_successor_still_works()
    {
        await using var server = await StartAsync();
        await using var ann = await Users.NewAsync(server.TcpPort, Users.Unique("late"));
        string current = await ResumedTokenAsync(server.TcpPort, ann.UserId, ann.State.ResumeToken);

        _time.Advance(Grace + TimeSpan.FromSeconds(1));

        (await ResumeAsync(server.TcpPort, ann.UserId, ann.State.ResumeToken)).Error.Code.ShouldBe(ErrorCode.ResumeRejected);
        (await ResumeAsync(server.TcpPort, ann.UserId, current)).BodyCase.ShouldBe(Body.ResumeOk);
    }

    [Fact]
    public async Task Repeated_losses_work_within_a_grace_counted_from_the_first_rotation()
    {
        await using var server = await StartAsync();
        await using var ann = await Users.NewAsync(server.TcpPort, Users.Unique("again"));
        string old = ann.State.ResumeToken;
        await ResumedTokenAsync(server.TcpPort, ann.UserId, old);
        _time.Advance(TimeSpan.FromMinutes(1));
        await ResumedTokenAsync(server.TcpPort, ann.UserId, old);
        _time.Advance(TimeSpan.FromSeconds(59));
        string last = await ResumedTokenAsync(server.TcpPort, ann.UserId, old);

        _time.Advance(TimeSpan.FromSeconds(2)); // 2 minutes and 1 second after the first rotation

        (await ResumeAsync(server.TcpPort, ann.UserId, old)).Error.Code.ShouldBe(ErrorCode.ResumeRejected, "using the old token did not extend the grace");
        (await ResumeAsync(server.TcpPort, ann.UserId, last)).BodyCase.ShouldBe(Body.ResumeOk);
    }

    [Fact]
    public async Task Using_the_newer_token_ends_the_grace_of_the_older_one()
    {
        await using var server = await StartAsync();
        await using var ann = await Users.NewAsync(server.TcpPort, Users.Unique("used"));
        string second = await ResumedTokenAsync(server.TcpPort, ann.UserId, ann.State.ResumeToken);
        string third = await ResumedTokenAsync(server.TcpPort, ann.UserId, second);

        (await ResumeAsync(server.TcpPort, ann.UserId, ann.State.ResumeToken)).Error.Code.ShouldBe(ErrorCode.ResumeRejected, "two rotations old");
        (await ResumeAsync(server.TcpPort, ann.UserId, third)).BodyCase.ShouldBe(Body.ResumeOk);
    }

    [Fact]
    public async Task Logout_ends_the_grace_of_the_replaced_token()
    {
        await using var server = await StartAsync();
        await using var ann = await Users.NewAsync(server.TcpPort, Users.Unique("out"));
        await using var resumed = await RawClient.ConnectAsync(server.TcpPort);
        var session = await resumed.RequestAsync(ResumeRequest(ann.UserId, ann.State.ResumeToken));

        (await resumed.RequestAsync(new Envelope { Logout = new LogoutRequest() })).BodyCase.ShouldBe(Body.LogoutOk);

        (await ResumeAsync(server.TcpPort, ann.UserId, ann.State.ResumeToken)).Error.Code.ShouldBe(ErrorCode.ResumeRejected);
        (await ResumeAsync(server.TcpPort, ann.UserId, session.ResumeOk.State.ResumeToken)).Error.Code.ShouldBe(ErrorCode.ResumeRejected);
    }

    [Fact]
    public async Task A_password_change_ends_the_grace_of_the_other_devices_replaced_tokens()
    {
        await using var server = await StartAsync("--Relink:MultiDevice=true");
        string id = Users.Unique("pwg");
        await using var laptop = await Users.NewAsync(server.TcpPort, id, device: "laptop");
        await using var phone = await Users.LoginAsync(server.TcpPort, id, device: "phone");
        string phoneCurrent = await ResumedTokenAsync(server.TcpPort, id, phone.State.ResumeToken, "phone");

        var changed = await laptop.Client.RequestAsync(new Envelope { ChangePassword = new ChangePasswordRequest { OldPassword = Users.Password, NewPassword = "brand-new-pw" } });
        changed.BodyCase.ShouldBe(Body.ChangePasswordOk);

        (await ResumeAsync(server.TcpPort, id, phone.State.ResumeToken, "phone")).Error.Code.ShouldBe(ErrorCode.ResumeRejected);
        (await ResumeAsync(server.TcpPort, id, phoneCurrent, "phone")).Error.Code.ShouldBe(ErrorCode.ResumeRejected);
    }

    [Fact]
    public async Task A_kicked_device_cannot_resume_with_its_replaced_token_either()
    {
        await using var server = await StartAsync();
        string id = Users.Unique("kick");
        await using var laptop = await Users.NewAsync(server.TcpPort, id, device: "laptop");
        await using var resumed = await RawClient.ConnectAsync(server.TcpPort);
        (await resumed.RequestAsync(ResumeRequest(id, laptop.State.ResumeToken, "laptop"))).BodyCase.ShouldBe(Body.ResumeOk);

        await using var phone = await Users.LoginAsync(server.TcpPort, id, device: "phone");
        await resumed.Closed.WaitAsync(Eventually.DefaultTimeout);

        (await ResumeAsync(server.TcpPort, id, laptop.State.ResumeToken, "laptop")).Error.Code.ShouldBe(ErrorCode.ResumeRejected);
    }

    [Fact]
    public async Task With_a_zero_grace_a_replaced_token_is_refused_at_once()
    {
        await using var server = await StartAsync("--Relink:ResumeTokenGrace=0s");
        await using var ann = await Users.NewAsync(server.TcpPort, Users.Unique("zero"));
        await ResumedTokenAsync(server.TcpPort, ann.UserId, ann.State.ResumeToken);

        (await ResumeAsync(server.TcpPort, ann.UserId, ann.State.ResumeToken)).Error.Code.ShouldBe(ErrorCode.ResumeRejected);
    }

    private Task<TestServer> StartAsync(params string[] args) => TestServer.StartAsync(args, _time);

    private static Envelope ResumeRequest(string userId, string token, string device = "test") =>
        new() { Resume = new ResumeRequest { UserId = userId, DeviceId = device, ResumeToken = token } };

    /// <summary>One resume on its own connection, closed right after the answer (or its loss, to the server).</summary>
    private static async Task<Envelope> ResumeAsync(int port, string userId, string token, string device = "test")
    {
        await using var client = await RawClient.ConnectAsync(port);
        return await client.RequestAsync(ResumeRequest(userId, token, device));
    }

    /// <summary>A resume that must succeed; the new token it answered with.</summary>
    private static async Task<string> ResumedTokenAsync(int port, string userId, string token, string device = "test")
    {
        var answer = await ResumeAsync(port, userId, token, device);
        answer.BodyCase.ShouldBe(Body.ResumeOk, answer.ToString());
        return answer.ResumeOk.State.ResumeToken;
    }
}
