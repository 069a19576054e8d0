using Relink.Bench.Measurement;
using Relink.Testing;

namespace Relink.Bench.Peers;

/// <summary>Waits on what a server reports about itself (/healthz), for scenarios that need it to agree with the generator.</summary>
internal static class PeerServerWaits
{
    /// <summary>Waits until the server reports exactly <paramref name="count"/> open connections, all logged in.</summary>
    /// <exception cref="BenchFailure">It did not within <paramref name="timeout"/> (default 120 s).</exception>
    public static async Task WaitForLoggedInAsync(this IPeerServer server, int count, TimeSpan? timeout = null)
    {
        Health? last = null;
        try
        {
            await Eventually.TrueAsync(async () =>
            {
                last = await server.Probe.HealthAsync();
                return last.Connections == count && last.Online == count;
            }, $"{server.Name} holds {count} logged-in connections", timeout ?? TimeSpan.FromSeconds(120));
        }
        catch (TimeoutException)
        {
            throw new BenchFailure($"{server.Name} reports {last?.Connections} connections, {last?.Online} logged in; expected {count}");
        }
    }
}
