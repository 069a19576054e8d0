using Microsoft.Extensions.Time.Testing;
using Relink.Protocol.Messages;
using Relink.Testing;
using Relink.Testing.Server;
using Body = Relink.Protocol.Messages.Envelope.BodyOneofCase;

namespace Relink.Server.Tests.Security;

/// <summary>Resume tokens expire: the server's clock is moved by hand past their lifetime.</summary>
public sealed class Resume_Token_Expiry_Tests
{
    [Fact]
    public async Task An_expired_resume_token_is_refused_and_a_fresh_one_works()
    {
        var time = new FakeTimeProvider();
        await using var server = await TestServer.StartAsync(["--Relink:ResumeTokenLifetime=1h"], time);
        string id = Users.Unique("exp");
        string token;
        await using (var first = await Users.NewAsync(server.TcpPort, id))
        {
            token = first.State.ResumeToken;
        }

        time.Advance(TimeSpan.FromMinutes(59));
        await using (var early = await RawClient.ConnectAsync(server.TcpPort))
        {
            var resumed = await early.RequestAsync(new Envelope { Resume = new ResumeRequest { UserId = id, DeviceId = "test", ResumeToken = token } });
            resumed.BodyCase.ShouldBe(Body.ResumeOk, "still within the lifetime");
            token = resumed.ResumeOk.State.ResumeToken;
        }

        time.Advance(TimeSpan.FromMinutes(61));
        await using var late = await RawClient.ConnectAsync(server.TcpPort);
        var expired = await late.RequestAsync(new Envelope { Resume = new ResumeRequest { UserId = id, DeviceId = "test", ResumeToken = token } });
        expired.Error.Code.ShouldBe(ErrorCode.ResumeRejected);
    }
}
