using Microsoft.Extensions.Time.Testing;
using Relink.Protocol.Messages;
using Relink.Testing;

namespace Relink.Client.Tests.Fakes;

/// <summary>A client logged in as alice to a fake server, on a manual clock, ready to lose its link and get it back.</summary>
internal sealed class LiveSession : IAsyncDisposable
{
    private LiveSession(FakeServer server, RelinkClient client, FakeTimeProvider time)
    {
        Server = server;
        Client = client;
        Time = time;
        States = new StateRecorder(client);
    }

    public FakeServer Server { get; }

    public RelinkClient Client { get; }

    public FakeTimeProvider Time { get; }

    public StateRecorder States { get; }

    /// <summary>The server's side of the current link.</summary>
    public FakeConnection Connection { get; private set; } = null!;

    public static async Task<LiveSession> StartAsync(FakeTimeProvider time, Func<RelinkClientOptions, RelinkClientOptions>? configure = null, LoginResponse? login = null)
    {
        var server = FakeServer.Start();
        var session = new LiveSession(server, Scenario.Client(server, time, configure), time);
        session.Connection = await Scenario.LoginAsync(session.Client, server, login);
        return session;
    }

    /// <summary>The server closes the link; returns the Reconnecting state the client enters.</summary>
    public async Task<ConnectionState.Reconnecting> DropAsync()
    {
        await Connection.CloseAsync();
        return await States.NextAsync<ConnectionState.Reconnecting>();
    }

    /// <summary>Moves the clock by <paramref name="wait"/>, then plays the server's side of the resume.</summary>
    public async Task<FakeConnection> ResumeAfterAsync(TimeSpan wait, string expectedToken = "token-1", LoginResponse? state = null)
    {
        Time.Advance(wait);
        return await ResumeAsync(expectedToken, state);
    }

    /// <summary>Plays the server's side of the resume the client is about to attempt, and waits until it is connected.</summary>
    public async Task<FakeConnection> ResumeAsync(string expectedToken = "token-1", LoginResponse? state = null)
    {
        Connection = await Scenario.ResumeAsync(Server, expectedToken, state);
        await States.NextAsync<ConnectionState.Connected>();
        return Connection;
    }

    /// <summary>
    /// Shows that the client wrote nothing else so far: a ping sent now is the next frame the server reads (the client
    /// writes in order), and is answered so the link stays tidy.
    /// </summary>
    public async Task ExpectNothingMoreWrittenAsync(string because)
    {
        var ping = Client.PingAsync();
        var next = await Connection.ReceiveAsync();
        next.BodyCase.ShouldBe(Envelope.BodyOneofCase.Ping, because);
        await Connection.ReplyAsync(next, new Envelope { Pong = new Pong { ClientTime = next.Ping.ClientTime } });
        await ping.WaitAsync(Eventually.DefaultTimeout);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Server.DisposeAsync();
    }
}
