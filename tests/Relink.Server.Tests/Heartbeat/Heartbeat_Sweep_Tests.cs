using Microsoft.Extensions.Time.Testing;
using Relink.Protocol.Messages;
using Relink.Server.Connections;
using Relink.Server.Sessions;
using Relink.Testing;
using Relink.Storage;
using Relink.Testing.Server;
using Body = Relink.Protocol.Messages.Envelope.BodyOneofCase;

namespace Relink.Server.Tests.Heartbeat;

/// <summary>The sweeper against a real server whose clock the test moves by hand.</summary>
public sealed class Heartbeat_Sweep_Tests : IAsyncLifetime
{
    private readonly TimerCountingTimeProvider _time = new();
    private TestServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await TestServer.StartAsync(["--heartbeat-interval", "15s", "--heartbeat-timeout", "35s", "--login-timeout", "10s", "--sweep-interval", "1s"], _time);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private int OpenConnections => _server.Get<ConnectionRegistry>().Count;

    [Fact]
    public async Task A_connection_that_never_logs_in_is_closed_after_the_login_deadline()
    {
        await using var client = await RawClient.ConnectAsync(_server.TcpPort);
        await Eventually.TrueAsync(() => OpenConnections == 1, "connection registered");

        _time.Advance(TimeSpan.FromSeconds(9));
        client.Closed.IsCompleted.ShouldBeFalse();
        _time.Advance(TimeSpan.FromSeconds(2));

        var error = await client.ReceiveAsync(e => e.BodyCase == Body.Error, "login deadline error");
        error.Error.Code.ShouldBe(ErrorCode.NotAuthenticated);
        await client.Closed.WaitAsync(Eventually.DefaultTimeout);
    }

    [Fact]
    public async Task Before_login_a_heartbeat_timeout_shorter_than_the_login_deadline_does_not_cut_the_connection()
    {
        var time = new FakeTimeProvider();
        await using var server = await TestServer.StartAsync(["--heartbeat-interval", "1s", "--heartbeat-timeout", "3s", "--login-timeout", "10s", "--sweep-interval", "1s"], time);
        await using var client = await RawClient.ConnectAsync(server.TcpPort);
        await Eventually.TrueAsync(() => server.Get<ConnectionRegistry>().Count == 1, "connection registered");

        for (int second = 0; second < 9; second++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
        }

        // 9 s of silence, three times the heartbeat timeout: still open, and no keepalive either.
        (await client.RequestAsync(new Envelope { Ping = new Ping() })).BodyCase.ShouldBe(Body.Pong);
        client.Pending().ShouldBeEmpty();

        time.Advance(TimeSpan.FromSeconds(2));
        var error = await client.ReceiveAsync(e => e.BodyCase == Body.Error, "login deadline error");
        error.Error.Code.ShouldBe(ErrorCode.NotAuthenticated);
        error.Error.Fatal.ShouldBeTrue();
        await client.Closed.WaitAsync(Eventually.DefaultTimeout);
    }

    [Fact]
    public async Task A_close_whose_last_frame_cannot_be_written_is_aborted_after_the_heartbeat_timeout()
    {
        // A kick on a half-open link: the write of the kicked frame never completes.
        var stalled = new StalledConnection(_time);
        _server.Get<ConnectionRegistry>().Add(stalled);
        try
        {
            stalled.Send(new OutboundFrame(new Envelope { Kicked = new Kicked { Reason = KickReason.ReplacedBySameDevice } })).ShouldBeTrue();
            stalled.Close(CloseReason.Replaced);
            await stalled.Writing.Task.WaitAsync(Eventually.DefaultTimeout);

            _time.Advance(TimeSpan.FromSeconds(34));
            stalled.Aborted.ShouldBeFalse("a close may take its time to write");
            _time.Advance(TimeSpan.FromSeconds(2));

            await Eventually.TrueAsync(() => stalled.Aborted, "the stalled close is aborted");
            stalled.CloseReason.ShouldBe(CloseReason.Replaced, "the reason it was closed for stays");
        }
        finally
        {
            _server.Get<ConnectionRegistry>().Remove(stalled);
        }
    }

    private sealed class StalledConnection(TimeProvider time) : ClientConnection("test", new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 1), 16, time)
    {
        private volatile bool _aborted;

        public TaskCompletionSource Writing { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Aborted => _aborted;

        protected override async ValueTask WriteAsync(OutboundFrame frame, CancellationToken cancellationToken)
        {
            Writing.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        protected override ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        protected override void StopReceiving()
        {
        }

        protected override void AbortTransport() => _aborted = true;
    }

    [Fact]
    public async Task A_login_still_being_answered_is_not_cut_for_silence_and_its_heartbeat_timeout_counts_from_the_answer()
    {
        var time = new FakeTimeProvider();
        await using var server = await TestServer.StartAsync(["--heartbeat-interval", "1s", "--heartbeat-timeout", "3s", "--login-timeout", "10s", "--sweep-interval", "1s"], time);
        var connection = new SilentConnection(time);
        server.Get<ConnectionRegistry>().Add(connection);
        try
        {
            // Where a login stands while it reads the session's state (a busy store, a bus slow to subscribe):
            // authenticated, its pushes held until the answer.
            connection.Session.Authenticate(new UserRecord("slowlogin", "slowlogin", "", DateTimeOffset.UnixEpoch), "d", Guid.NewGuid());
            connection.Session.HoldPushes();
            for (int second = 0; second < 6; second++)
            {
                time.Advance(TimeSpan.FromSeconds(1)); // each tick sweeps, on the test's thread
            }

            connection.Aborted.ShouldBeFalse("twice the heartbeat timeout into a login its client waits for");

            // The answer is queued: from here the client knows the heartbeat, and the timeout counts.
            connection.Session.Send(new Envelope { LoginOk = new LoginResponse() });
            connection.Session.ReleasePushes(); // what the dispatcher does once a login's answer is queued
            time.Advance(TimeSpan.FromSeconds(2));
            connection.Aborted.ShouldBeFalse("2 s after the answer, under the 3 s timeout");
            time.Advance(TimeSpan.FromSeconds(2));
            connection.Aborted.ShouldBeTrue("4 s of silence after the answer");
        }
        finally
        {
            server.Get<ConnectionRegistry>().Remove(connection);
        }
    }

    private sealed class SilentConnection(TimeProvider time) : ClientConnection("test", new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 1), 16, time)
    {
        private volatile bool _aborted;

        public bool Aborted => _aborted;

        protected override ValueTask WriteAsync(OutboundFrame frame, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        protected override ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        protected override void StopReceiving()
        {
        }

        protected override void AbortTransport() => _aborted = true;
    }

    [Fact]
    public async Task A_silent_logged_in_connection_is_closed_after_the_heartbeat_timeout()
    {
        await using var ann = await Users.NewAsync(_server.TcpPort, Users.Unique("hb"));

        _time.Advance(TimeSpan.FromSeconds(34));
        ann.Client.Closed.IsCompleted.ShouldBeFalse();
        _time.Advance(TimeSpan.FromSeconds(2));

        await ann.Client.Closed.WaitAsync(Eventually.DefaultTimeout);
        await Eventually.TrueAsync(() => OpenConnections == 0, "connection removed");
    }

    [Fact]
    public async Task A_connection_that_keeps_pinging_is_never_closed()
    {
        await using var ann = await Users.NewAsync(_server.TcpPort, Users.Unique("hp"));
        for (int i = 0; i < 20; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(15));
            (await ann.Client.RequestAsync(new Envelope { Ping = new Ping() })).BodyCase.ShouldBe(Body.Pong);
        }

        ann.Client.Closed.IsCompleted.ShouldBeFalse(); // 300 s of manual time, well past the 35 s timeout
        OpenConnections.ShouldBe(1);
    }

    [Fact]
    public async Task The_server_sends_a_keepalive_when_it_has_written_nothing_for_the_interval()
    {
        await using var ann = await Users.NewAsync(_server.TcpPort, Users.Unique("hk"));
        _time.Advance(TimeSpan.FromSeconds(16));
        var keepalive = await ann.Client.NextPushAsync(Body.Pong);
        keepalive.Pong.ServerTime.ToDateTimeOffset().ShouldBe(_time.GetUtcNow(), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task One_timer_serves_every_connection()
    {
        var clients = new List<LoggedIn>();
        for (int i = 0; i < 5; i++)
        {
            clients.Add(await Users.NewAsync(_server.TcpPort, Users.Unique("ht")));
        }

        // The sweeper's, the admin charts' sampler's, the delivery-cursor flusher's and the read receipts' coalescer's
        // are the only timers on the server's clock, however many connections there are.
        _time.ActiveTimers.ShouldBe(4);
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
    }
}
