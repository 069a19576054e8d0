using System.Globalization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Relink.Bench.Load;
using Relink.Bench.Peers;

namespace Relink.Bench.Scenarios.Storm;

/// <summary>
/// SignalR's storm clients: the real .NET client (<see cref="HubConnection"/>) with its defaults (15 s keep-alive,
/// 30 s server timeout), <c>WithAutomaticReconnect()</c> (retry after 0, 2, 10 and 30 s, then close) and stateful
/// reconnect. Back = reconnected and logged in again: SignalR groups belong to the connection, so an app must call
/// <c>Login</c> again after every reconnect.
/// </summary>
internal sealed class SignalRStormFleet : IStormFleet
{
    private readonly Uri _hub;
    private readonly StormRecorder _recorder;
    private readonly int _concurrency;
    private readonly HubConnection?[] _clients;
    private readonly SignalRClients _factory;
    private volatile bool _closing;

    /// <summary>Creates the fleet for the hub at <paramref name="hub"/> (http://…/hub).</summary>
    public SignalRStormFleet(Uri hub, StormRecorder recorder, int concurrency)
    {
        _hub = hub;
        _recorder = recorder;
        _concurrency = concurrency;
        _clients = new HubConnection?[recorder.Clients];
        _factory = new SignalRClients(recorder.Attempt);
    }

    /// <inheritdoc />
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _concurrency, CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, _recorder.Clients, parallel, async (i, token) =>
        {
            var client = _factory.Create(_hub, HeartbeatPlan.Defaults.Interval, HeartbeatPlan.Defaults.SignalRClientTimeout, reconnect: true);
            _clients[i] = client;
            client.On<string, string, string>("Message", (_, _, text) => _recorder.Delivered(text));
            client.Reconnected += _ => LogInAgainAsync(i, client);
            client.Closed += error =>
            {
                if (!_closing)
                {
                    _recorder.GaveUp(i, "the reconnect schedule (0, 2, 10, 30 s) ran out: " + (error?.Message ?? "closed"));
                }

                return Task.CompletedTask;
            };
            await client.StartAsync(token);
            await client.InvokeAsync("Login", UserId(i), token);
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

    private async Task LogInAgainAsync(int i, HubConnection client)
    {
        try
        {
            await client.InvokeAsync("Login", UserId(i));
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or TaskCanceledException or HubException)
        {
            return; // lost again before the login went through: the next Reconnected tries again
        }

        if (_recorder.Back(i, loggedInAgain: true))
        {
            Send(i, StormMessage.AfterReturn);
        }
    }

    private void Send(int i, StormMessage kind) =>
        _recorder.Track(kind, i, _clients[i]!.InvokeAsync("Send", UserId(_recorder.PartnerOf(i)), StormRecorder.Text(kind, i)));

    private static string UserId(int i) => "storm" + i.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _closing = true;
        foreach (var chunk in _clients.OfType<HubConnection>().Chunk(200))
        {
            await Task.WhenAll(chunk.Select(c => c.DisposeAsync().AsTask()));
        }

        _factory.Dispose();
    }
}
