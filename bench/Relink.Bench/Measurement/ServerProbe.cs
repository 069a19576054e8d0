using System.Net.Http.Json;

namespace Relink.Bench.Measurement;

/// <summary>
/// A server's two diagnostic endpoints, which both servers under test offer in the same shape: /healthz
/// (connections and logged-in sessions) and /debug/memory (heap and RSS right after a forced compacting GC).
/// </summary>
internal sealed class ServerProbe(int httpPort) : IServerProbe, IDisposable
{
    private readonly HttpClient _http = new()
    {
        BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"),
        // A forced full GC over a heap of 19,000 connections on a loaded 2-core box can take a while.
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>Connections and logged-in sessions the server holds now.</summary>
    public async Task<Health> HealthAsync() =>
        await _http.GetFromJsonAsync<Health>("healthz") ?? throw new BenchFailure("/healthz answered nothing");

    /// <summary>Whether /healthz answers yet (while the server starts).</summary>
    public async Task<bool> AnswersAsync()
    {
        try
        {
            using var response = await _http.GetAsync(new Uri("healthz", UriKind.Relative));
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>Forces a full compacting GC in the server, then reads its heap and resident set.</summary>
    public async Task<MemoryReading> MemoryAsync() =>
        await _http.GetFromJsonAsync<MemoryReading>("debug/memory") ?? throw new BenchFailure("/debug/memory answered nothing");

    /// <summary>Bytes the server has allocated since it started (/debug/allocated; no GC).</summary>
    public async Task<long?> AllocatedBytesAsync() =>
        (await _http.GetFromJsonAsync<AllocationReading>("debug/allocated") ?? throw new BenchFailure("/debug/allocated answered nothing")).AllocatedBytes;

    /// <summary>The server's /metrics text (Prometheus), read from loopback (no token needed).</summary>
    public Task<string> MetricsAsync() => _http.GetStringAsync(new Uri("metrics", UriKind.Relative));

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}

/// <summary>What a scenario reads from a server under test: its connections and its memory.</summary>
internal interface IServerProbe
{
    /// <summary>Connections and logged-in sessions the server holds now.</summary>
    Task<Health> HealthAsync();

    /// <summary>The server's heap (0 when it has none to report) and resident set, after a full collection where it offers one.</summary>
    Task<MemoryReading> MemoryAsync();

    /// <summary>Managed bytes the server has allocated since it started, or null for a server with no such count.</summary>
    Task<long?> AllocatedBytesAsync();
}

/// <summary>/healthz: open connections, and those logged in.</summary>
internal sealed record Health(int Connections, int Online);

/// <summary>/debug/memory: bytes of live managed heap and of resident memory after a forced full GC.</summary>
internal sealed record MemoryReading(long GcHeapBytes, long ResidentBytes);

/// <summary>/debug/allocated: managed bytes allocated by every thread since the server started.</summary>
internal sealed record AllocationReading(long AllocatedBytes);
