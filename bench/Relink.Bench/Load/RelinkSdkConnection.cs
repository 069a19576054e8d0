using Relink.Client;
using Wire = Relink.Protocol.Messages;

namespace Relink.Bench.Load;

/// <summary>
/// A load connection made of the full .NET SDK (<see cref="RelinkClient"/>), to weigh an app's client against the lean
/// one (<c>--relink-client sdk</c>). The wheel's pings go through <see cref="RelinkClient.PingAsync"/>, so the SDK's
/// own heartbeat timer, which pings only when nothing was written for an interval, stays quiet.
/// </summary>
internal sealed class RelinkSdkConnection : IBenchConnection
{
    private readonly RelinkClient _client;
    private readonly LoadCounters _counters;
    private volatile bool _closing;

    private RelinkSdkConnection(RelinkClient client, LoadCounters counters)
    {
        _client = client;
        _counters = counters;
    }

    /// <summary>Connects, registers <paramref name="userId"/> first when asked, and logs in.</summary>
    /// <returns>The connection and the heartbeat settings the server announced (in the wire's shape, as the lean
    /// connection reports them, so the peer checks both the same way).</returns>
    public static async Task<(RelinkSdkConnection Connection, Wire.HeartbeatSettings Heartbeat)> OpenAsync(
        string server, string userId, string password, bool register, LoadCounters counters, CancellationToken cancellationToken)
    {
        var client = new RelinkClient(new RelinkClientOptions { Server = server, DeviceId = "bench" });
        try
        {
            if (register)
            {
                try
                {
                    await client.RegisterAsync(userId, password, cancellationToken: cancellationToken);
                }
                catch (RelinkException e) when (e.Code == ErrorCode.UserExists)
                {
                }
            }

            var session = await client.LoginAsync(userId, password, cancellationToken);
            var heartbeat = new Wire.HeartbeatSettings
            {
                IntervalMs = (int)session.Heartbeat.Interval.TotalMilliseconds,
                TimeoutMs = (int)session.Heartbeat.Timeout.TotalMilliseconds,
            };
            return (new RelinkSdkConnection(client, counters), heartbeat);
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public ValueTask SendPingAsync()
    {
        if (!_closing)
        {
            _counters.PingSent();
            _ = AwaitPongAsync();
        }

        return ValueTask.CompletedTask;
    }

    private async Task AwaitPongAsync()
    {
        try
        {
            await _client.PingAsync();
            _counters.FramesReceived(1);
        }
        catch (Exception e) when (e is RelinkException or ObjectDisposedException or OperationCanceledException or TimeoutException)
        {
            if (!_closing)
            {
                _closing = true;
                _counters.Dropped();
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _closing = true;
        await _client.DisposeAsync();
    }
}
