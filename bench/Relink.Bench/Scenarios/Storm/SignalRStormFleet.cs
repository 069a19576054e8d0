using System.Globalization;
using Relink.Bench.Load;
using Relink.Bench.Peers;

namespace Relink.Bench.Scenarios.Storm;

/// <summary>
/// SignalR's storm clients: lean JSON hub-protocol clients with the real clients' defaults (15 s keep-alive, 30 s
/// server timeout, <c>withAutomaticReconnect()</c>'s 0, 2, 10, 30 s schedule); back = reconnected and logged in again.
/// </summary>
internal sealed class SignalRStormFleet(Uri hub, StormRecorder recorder, int concurrency) : IStormFleet
{
    private readonly SignalRHubClient?[] _clients = new SignalRHubClient?[recorder.Clients];
    private readonly HttpMessageInvoker _invoker = new(new SocketsHttpHandler { UseProxy = false });
    private readonly HeartbeatWheel _keepAlive = new(HeartbeatPlan.Defaults.Interval);
    private readonly ServerTimeoutWatch _serverTimeout = new();

    /// <inheritdoc />
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, recorder.Clients, parallel, async (i, token) =>
        {
            var client = new SignalRHubClient(hub, _invoker, UserId(i), HeartbeatPlan.Defaults.SignalRClientTimeout, SignalRHubClient.DefaultReconnectDelays);
            _clients[i] = client;
            client.MessageReceived += (_, text) => recorder.Delivered(text);
            client.ReconnectAttempt += recorder.Attempt;
            client.GaveUp += () => recorder.GaveUp(i, "the reconnect schedule (0, 2, 10, 30 s) ran out");
            client.Reconnected += () =>
            {
                if (recorder.Back(i, loggedInAgain: true))
                {
                    Send(i, StormMessage.AfterReturn);
                }
            };
            await client.StartAsync(token);
            _keepAlive.Add(client);
            _serverTimeout.Add(client);
        });
    }

    /// <inheritdoc />
    public void SendBeforeKill()
    {
        for (int i = 0; i < _clients.Length; i++)
        {
            Send(i, StormMessage.BeforeKill);
        }
    }

    private void Send(int i, StormMessage kind) =>
        recorder.Track(kind, i, _clients[i]!.SendAsync(UserId(recorder.PartnerOf(i)), StormRecorder.Text(kind, i)));

    private static string UserId(int i) => "storm" + i.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _serverTimeout.DisposeAsync();
        await _keepAlive.DisposeAsync();
        foreach (var chunk in _clients.OfType<SignalRHubClient>().Chunk(200))
        {
            await Task.WhenAll(chunk.Select(c => c.DisposeAsync().AsTask()));
        }

        _invoker.Dispose();
    }
}
