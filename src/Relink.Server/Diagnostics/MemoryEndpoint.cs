using System.Diagnostics;
using System.Runtime;

namespace Relink.Server.Diagnostics;

/// <summary>
/// GET /debug/memory: forces a full compacting GC and reports the managed heap and the process's resident memory,
/// so benchmarks can measure memory per connection from outside. Off unless <c>Relink:DiagnosticsEndpoints</c> is
/// true: a forced GC on demand is not something to expose to the internet.
/// </summary>
public static class MemoryEndpoint
{
    /// <summary>Maps the endpoint.</summary>
    public static void MapMemoryEndpoint(this IEndpointRouteBuilder endpoints) => endpoints.MapGet("/debug/memory", () =>
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        return Results.Json(new MemoryReport(GC.GetTotalMemory(forceFullCollection: false), process.WorkingSet64, process.TotalProcessorTime.TotalMilliseconds));
    });

    private sealed record MemoryReport(long GcHeapBytes, long ResidentBytes, double CpuMilliseconds);
}
