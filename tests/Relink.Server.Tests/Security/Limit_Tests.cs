using System.Net.WebSockets;
using Relink.Protocol.Messages;
using Relink.Server.Connections;
using Relink.Testing;
using Relink.Testing.Server;
using Body = Relink.Protocol.Messages.Envelope.BodyOneofCase;

namespace Relink.Server.Tests.Security;

public sealed class Limit_Tests
{
    [Fact]
    public async Task Password_guessing_on_one_account_is_throttled_before_the_password_is_checked()
    {
        await using var server = await TestServer.StartAsync(["--Relink:Limits:LoginBurstPerAccount=5"]);
        string id = Users.Unique("guess");
        await using var client = await RawClient.ConnectAsync(server.TcpPort);
        await Users.RegisterAsync(client, id);

        for (int i = 0; i < 5; i++)
        {
            (await Users.LoginAsync(client, id, "wrong-guess")).Error.Code.ShouldBe(ErrorCode.InvalidCredentials);
        }

        (await Users.LoginAsync(client, id, "wrong-guess")).Error.Code.ShouldBe(ErrorCode.RateLimited);
        (await Users.LoginAsync(client, id)).Error.Code.ShouldBe(ErrorCode.RateLimited); // even the right password waits
    }

    [Fact]
    public async Task Logins_from_one_address_are_throttled_across_accounts()
    {
        // The slowest refill there is: one attempt per address every 10 s, on the limiter's own clock. A test that
        // straddles one refill sees one attempt more, so the spray gets one spare try, and no more, before the refusal.
        await using var server = await TestServer.StartAsync(["--Relink:Limits:LoginBurstPerAddress=3", "--Relink:Limits:LoginAttemptsPerMinute=1"]);
        await using var client = await RawClient.ConnectAsync(server.TcpPort);
        for (int i = 0; i < 3; i++)
        {
            (await Users.LoginAsync(client, Users.Unique("spray"), "x-x-x-x")).Error.Code.ShouldBe(ErrorCode.InvalidCredentials);
        }

        var next = new[]
        {
            (await Users.LoginAsync(client, Users.Unique("spray"), "x-x-x-x")).Error.Code,
            (await Users.LoginAsync(client, Users.Unique("spray"), "x-x-x-x")).Error.Code,
        };
        next.ShouldContain(ErrorCode.RateLimited);
    }

    [Fact]
    public async Task A_connection_sending_faster_than_its_budget_is_refused_without_being_dropped()
    {
        await using var server = await TestServer.StartAsync(["--Relink:Limits:SendBurst=10", "--Relink:Limits:SendsPerSecond=1"]);
        await using var ann = await Users.NewAsync(server.TcpPort, Users.Unique("fast"));
        await using var bob = await Users.NewAsync(server.TcpPort, Users.Unique("fast"));
        await Users.BefriendAsync(ann, bob);

        var answers = new List<Envelope>();
        for (int i = 0; i < 12; i++)
        {
            answers.Add(await ann.SendTextAsync(bob.Direct, $"m{i}"));
        }

        answers.Take(10).ShouldAllBe(a => a.BodyCase == Body.SendMessageOk);
        answers.Last().Error.Code.ShouldBe(ErrorCode.RateLimited);
        (await ann.Client.RequestAsync(new Envelope { Ping = new Ping() })).BodyCase.ShouldBe(Body.Pong);
    }

    [Fact]
    public async Task After_a_send_is_refused_for_rate_later_sends_are_refused_until_it_comes_again_so_none_overtakes_it()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        await using var server = await TestServer.StartAsync(["--Relink:Limits:SendBurst=2", "--Relink:Limits:SendsPerSecond=1"], time);
        await using var ann = await Users.NewAsync(server.TcpPort, Users.Unique("burst"));
        await using var bob = await Users.NewAsync(server.TcpPort, Users.Unique("burst"));
        await Users.BefriendAsync(ann, bob);
        (await ann.SendTextAsync(bob.Direct, "m1")).BodyCase.ShouldBe(Body.SendMessageOk);
        (await ann.SendTextAsync(bob.Direct, "m2")).BodyCase.ShouldBe(Body.SendMessageOk);
        (await ann.SendTextAsync(bob.Direct, "m3", "id-3")).Error.Code.ShouldBe(ErrorCode.RateLimited);

        // A token has come back, but m4 was written behind the refused m3: storing it now would put it first.
        time.Advance(TimeSpan.FromSeconds(1));
        (await ann.SendTextAsync(bob.Direct, "m4", "id-4")).Error.Code.ShouldBe(ErrorCode.RateLimited);

        (await ann.SendTextAsync(bob.Direct, "m3", "id-3")).SendMessageOk.Message.Seq.ShouldBe(3);
        time.Advance(TimeSpan.FromSeconds(1));
        (await ann.SendTextAsync(bob.Direct, "m4", "id-4")).SendMessageOk.Message.Seq.ShouldBe(4);
    }

    [Fact]
    public async Task A_refused_send_its_sender_gave_up_holds_the_others_only_until_the_budget_is_full_again()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        await using var server = await TestServer.StartAsync(["--Relink:Limits:SendBurst=2", "--Relink:Limits:SendsPerSecond=1"], time);
        await using var ann = await Users.NewAsync(server.TcpPort, Users.Unique("burst"));
        await using var bob = await Users.NewAsync(server.TcpPort, Users.Unique("burst"));
        await Users.BefriendAsync(ann, bob);
        await ann.SendTextAsync(bob.Direct, "m1");
        await ann.SendTextAsync(bob.Direct, "m2");
        (await ann.SendTextAsync(bob.Direct, "given up")).Error.Code.ShouldBe(ErrorCode.RateLimited);

        time.Advance(TimeSpan.FromSeconds(1.5));
        (await ann.SendTextAsync(bob.Direct, "next")).Error.Code.ShouldBe(ErrorCode.RateLimited);
        time.Advance(TimeSpan.FromSeconds(0.5));
        (await ann.SendTextAsync(bob.Direct, "next")).SendMessageOk.Message.Seq.ShouldBe(3);
    }

    [Fact]
    public async Task A_flood_of_connections_that_never_log_in_is_closed_and_a_real_user_keeps_chatting()
    {
        await using var server = await TestServer.StartAsync(["--login-timeout", "2s", "--Relink:Limits:MaxAnonymousPerAddress=50", "--Relink:Limits:MaxConnectionsPerAddress=0"]);
        await using var ann = await Users.NewAsync(server.TcpPort, Users.Unique("real"));
        await using var bob = await Users.NewAsync(server.TcpPort, Users.Unique("real"));
        await Users.BefriendAsync(ann, bob);

        var registry = server.Get<ConnectionRegistry>();
        var flood = new List<RawClient>();
        int mostOpen = 0;
        for (int i = 0; i < 2000; i++)
        {
            flood.Add(await RawClient.ConnectAsync(server.TcpPort));
            mostOpen = Math.Max(mostOpen, registry.Count);
        }

        // Throughout the flood, the real users chat.
        var ack = await ann.SendTextAsync(bob.Direct, "during the flood");
        ack.BodyCase.ShouldBe(Body.SendMessageOk);
        (await bob.Client.NextPushAsync(Body.Message)).Message.Message.Text.ShouldBe("during the flood");

        // Never more than the 50 anonymous slots (slots freed by the login deadline are reused, on a slow machine).
        mostOpen.ShouldBeLessThanOrEqualTo(2 + 50);
        await Task.WhenAll(flood.Select(f => f.Closed)).WaitAsync(TimeSpan.FromSeconds(60));
        var reasons = flood.Select(f => f.Pending().FirstOrDefault(e => e.BodyCase == Body.Error)?.Error.Code).ToList();
        reasons.ShouldAllBe(code => code == ErrorCode.TooManyConnections || code == ErrorCode.NotAuthenticated); // refused, or deadline
        reasons.Count(code => code == ErrorCode.TooManyConnections).ShouldBeGreaterThan(1000);
        await Eventually.TrueAsync(() => registry.Count == 2, "only the two real users remain");
        (await ann.SendTextAsync(bob.Direct, "after the flood")).BodyCase.ShouldBe(Body.SendMessageOk);

        foreach (var f in flood)
        {
            await f.DisposeAsync();
        }
    }
}
