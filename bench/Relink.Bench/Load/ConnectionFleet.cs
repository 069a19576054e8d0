using Relink.Bench.Peers;

namespace Relink.Bench.Load;

/// <summary>
/// The generator's open connections to one server: grown to a target count by logging in new users a bounded number
/// at a time, kept alive by the shared <see cref="HeartbeatWheel"/>, and torn down together.
/// </summary>
internal sealed class ConnectionFleet(IPeerServer server, HeartbeatWheel wheel, LoadCounters counters, int setupConcurrency) : IAsyncDisposable
{
    private const int Attempts = 3;
    private static readonly TimeSpan SetupTimeout = TimeSpan.FromSeconds(30);

    private readonly List<IBenchConnection> _open = [];

    /// <summary>Open connections.</summary>
    public int Count => _open.Count;

    /// <summary>Adds connections for users <see cref="Count"/> … <paramref name="target"/>−1, each logged in and pinged.</summary>
    public async Task GrowToAsync(int target, CancellationToken cancellationToken)
    {
        int first = _open.Count;
        var opened = new IBenchConnection?[Math.Max(0, target - first)];
        try
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = setupConcurrency, CancellationToken = cancellationToken };
            await Parallel.ForAsync(first, target, parallel, async (user, token) =>
            {
                var connection = await OpenWithRetriesAsync(user, token);
                opened[user - first] = connection;
                wheel.Add(connection);
            });
        }
        finally
        {
            _open.AddRange(opened.OfType<IBenchConnection>()); // whatever opened is closed by ShrinkTo/Dispose, even on failure
        }
    }

    /// <summary>Closes every connection.</summary>
    public async Task CloseAllAsync()
    {
        wheel.Clear();
        foreach (var connection in _open)
        {
            await connection.DisposeAsync();
        }

        _open.Clear();
    }

    private async Task<IBenchConnection> OpenWithRetriesAsync(int user, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(SetupTimeout);
            try
            {
                return await server.ConnectAsync(user, counters, deadline.Token);
            }
            catch (Exception e) when (e is not BenchFailure && attempt < Attempts && !cancellationToken.IsCancellationRequested)
            {
                // A refused or timed-out connect on a loaded box is worth another try; a refusal by the protocol is not.
            }
            catch (Exception e) when (e is not BenchFailure)
            {
                throw new BenchFailure($"{server.Name}: user {user} could not connect after {attempt} attempts: {e.GetType().Name}: {e.Message}");
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await CloseAllAsync();
}
