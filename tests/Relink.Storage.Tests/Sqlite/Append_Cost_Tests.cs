using System.Diagnostics;
using Relink.Storage.Sqlite;
using Relink.Testing;
using Xunit.Abstractions;

namespace Relink.Storage.Tests.Sqlite;

/// <summary>
/// What an append costs in the process: managed bytes allocated (deterministic, so a budget can guard it) and,
/// written to the output for the record, CPU time and the types that allocate. The count is the whole process's, so
/// these tests run alone (<see cref="AllocationMeasurement"/>): another test running beside them would be counted.
/// </summary>
[Collection(AllocationMeasurement.Name)]
public sealed class Append_Cost_Tests(ITestOutputHelper output)
{
    private const int Appends = 5000;

    [Fact]
    public async Task An_append_allocates_within_its_budget()
    {
        await using var scenario = await SqliteScenario.StartAsync();
        string conversation = await scenario.FriendsAsync("alice", "bob");
        var messages = Enumerable.Range(0, 2 * Appends)
            .Select(i => scenario.Message(conversation, i % 2 == 0 ? "alice" : "bob", "a short chat message") with { SenderDeviceId = "phone" })
            .ToArray();
        await AppendAsync(scenario.Store, messages.AsMemory(0, Appends)); // statements compiled, pools filled

        using var sampler = new AllocationSampler();
        sampler.Start();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        await AppendAsync(scenario.Store, messages.AsMemory(Appends));
        double bytesPerAppend = (double)(GC.GetTotalAllocatedBytes(precise: true) - allocated) / Appends;
        double cpuPerAppend = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / Appends;

        output.WriteLine($"{bytesPerAppend:0} bytes allocated and {cpuPerAppend:0.0} µs of CPU per append ({Appends} appends, waves of 100)");
        foreach (var (type, bytes) in sampler.Top(15))
        {
            output.WriteLine($"  {(double)bytes / Appends,7:0} B/append  {type}");
        }

        bytesPerAppend.ShouldBeLessThan(Budget, "bytes allocated per append, the test's own Task.WhenAll included");
    }

    /// <summary>
    /// The budget: 464 bytes measured when it was set (the task, the stored message, the write operation and the
    /// test's own wave), twice that for runtime versions. Appends through <c>SqliteCommand</c> allocated 4,381.
    /// </summary>
    private const double Budget = 1024;

    /// <summary>Appends in waves of 100 at once, so they commit in batches as a busy server's do.</summary>
    private static async Task AppendAsync(SqliteChatStore store, ReadOnlyMemory<NewMessage> messages)
    {
        var wave = new Task<AppendResult>[100];
        for (int start = 0; start < messages.Length; start += wave.Length)
        {
            int count = Math.Min(wave.Length, messages.Length - start);
            for (int i = 0; i < count; i++)
            {
                wave[i] = store.AppendMessageAsync(messages.Span[start + i]);
            }

            for (int i = 0; i < count; i++)
            {
                await wave[i];
            }
        }
    }
}

/// <summary>Tests that count the process's allocations: xunit runs this collection after the others, alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationMeasurement
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Allocation measurement (runs alone)";
}
