namespace Relink.Bench.Load;

/// <summary>
/// Applies the SignalR clients' server-timeout rule to every client of the generator from ONE loop (every 100 ms),
/// rather than a timer per client: the same rule the real clients apply with a timer each.
/// </summary>
internal sealed class ServerTimeoutWatch : IAsyncDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    private readonly List<SignalRHubClient> _clients = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <summary>Starts the loop.</summary>
    public ServerTimeoutWatch() => _loop = RunAsync(_stop.Token);

    /// <summary>Watches <paramref name="client"/> from now on.</summary>
    public void Add(SignalRHubClient client)
    {
        lock (_gate)
        {
            _clients.Add(client);
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Tick);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                SignalRHubClient[] clients;
                lock (_gate)
                {
                    clients = [.. _clients];
                }

                foreach (var client in clients)
                {
                    client.CheckServerTimeout();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
