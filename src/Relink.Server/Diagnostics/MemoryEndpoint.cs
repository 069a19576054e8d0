using System.Diagnostics;
using System.Runtime;

namespace Relink.Server.Diagnostics;

/// <summary>
/// GET /debug/memory: forces a full compacting GC and reports the managed heap and the process's resident memory,
/// so benchmarks can measure memory per connection from outside. GET /debug/allocated: bytes allocated by every
/// thread since the start (no GC), so benchmarks can measure allocation per message from outside. Off unless
/// <c>Relink:DiagnosticsEndpoints</c> is true: a forced GC on demand is not something to expose to the internet.
/// </summary>
public static class MemoryEndpoint
{
    /// <summary>Maps the endpoints.</summary>
    public static void MapMemoryEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/debug/memory", ReportMemory);
        // Precise: the allocation contexts of every thread are counted, not only the bytes handed out so far.
        endpoints.MapGet("/debug/allocated", () => Results.Json(new AllocationReport(GC.GetTotalAllocatedBytes(precise: true))));
    }

    private static IResult ReportMemory()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        return Results.Json(new MemoryReport(GC.GetTotalMemory(forceFullCollection: false), process.WorkingSet64, process.TotalProcessorTime.TotalMilliseconds));
    }

    private sealed record MemoryReport(long GcHeapBytes, long ResidentBytes, double CpuMilliseconds);

    private sealed record AllocationReport(long AllocatedBytes);
}
