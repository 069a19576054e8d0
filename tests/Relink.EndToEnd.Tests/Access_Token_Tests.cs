using Microsoft.Extensions.Time.Testing;
using Relink.Client;
using Relink.Testing;
using Relink.Testing.Server;

namespace Relink.EndToEnd.Tests;

/// <summary>The SDK and the CLI signing in with the app's JWTs against a real server.</summary>
public sealed class Access_Token_Tests
{
    [Fact]
    public async Task A_client_whose_session_outlived_every_token_logs_in_again_with_a_fresh_one_from_its_provider()
    {
        // The server's clock moves by hand: two hours later both the access token and the resume token have expired.
        // Heartbeats stay out of the way until then.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestServer.StartAsync(
            ["--jwt-key", AppTokens.Secret, "--Relink:ResumeTokenLifetime=1h", "--heartbeat-interval", "10m", "--heartbeat-timeout", "20m"], time);
        await using var proxy = TcpFaultProxy.Start(server.TcpPort);
        string id = Clients.UniqueId("app");
        int fetched = 0;
        await using var client = new RelinkClient(new RelinkClientOptions
        {
            Server = ReconnectKit.Via(proxy),
            DeviceId = "app",
            ReconnectPolicy = ReconnectKit.QuickBackoff(),
            NetworkChanges = null,
            CredentialsProvider = _ =>
            {
                Interlocked.Increment(ref fetched);
                return ValueTask.FromResult<Credentials?>(Credentials.FromAccessToken(AppTokens.Mint(id, name: "App user", now: time.GetUtcNow(), lifetime: TimeSpan.FromMinutes(5))));
            },
        });
        var watch = new SessionWatch(client);

        var session = await client.StartAsync();
        session.Profile.UserId.ShouldBe(id);
        session.Profile.Nickname.ShouldBe("App user");

        proxy.ResetAll();
        await watch.ResumedAsync(1);
        watch.Resumes[0].LoggedInAgain.ShouldBeFalse("a drop is resumed with the resume token");
        Volatile.Read(ref fetched).ShouldBe(1);

        time.Advance(TimeSpan.FromHours(2));
        proxy.ResetAll();
        await watch.ResumedAsync(2);
        watch.Resumes[1].LoggedInAgain.ShouldBeTrue("the resume token expired: a full login, with a fresh token");
        Volatile.Read(ref fetched).ShouldBe(2);
        client.Session!.Profile.UserId.ShouldBe(id);
    }

    [Fact]
    public async Task The_cli_signs_in_with_a_token()
    {
        await using var server = await TestServer.StartAsync(["--jwt-key", AppTokens.Secret]);
        string id = Clients.UniqueId("clitoken");

        var listed = await CliProcess.RunAsync(null, ["friends", "list", "--server", server.TcpEndpoint, "--user", id, "--token", AppTokens.Mint(id)]);
        listed.ExitCode.ShouldBe(0, listed.Stderr);

        var refused = await CliProcess.RunAsync(null, ["friends", "list", "--server", server.TcpEndpoint, "--user", id, "--token", AppTokens.Mint(id, now: DateTimeOffset.UtcNow.AddHours(-2))]);
        refused.ExitCode.ShouldBe(2, "an expired token: authentication failed");
        refused.Stderr.ShouldContain("Unknown user or wrong password.");
    }
}
