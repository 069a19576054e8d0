using System.Diagnostics;
using System.Runtime;

namespace Relink.Bench.SignalR;

/// <summary>
/// GET /debug/memory, the same measurement Relink's server offers (src/Relink.Server/Diagnostics/MemoryEndpoint.cs):
/// a forced full compacting GC, then the managed heap, the resident set and the CPU time used so far.
/// </summary>
internal static class MemoryEndpoint
{
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
