using System.Diagnostics;
using Relink.Storage.Sqlite;
using Relink.Testing;
using Xunit.Abstractions;

namespace Relink.Storage.Tests.Sqlite;

/// <summary>
/// The background checkpoint against SQLite's automatic one, A/B in turns on the same box: CPU per append and the
/// latency of a wave of 100 appends (its commit), with a reader alongside as a server has.
/// </summary>
public sealed class Checkpoint_Cost_Measurement(ITestOutputHelper output)
{
    private const int Appends = 20_000;

    [MeasurementFact]
    public async Task Background_checkpoint_against_automatic_checkpoint()
    {
        output.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Trim()}");
        for (int round = 1; round <= 4; round++)
        {
            foreach (var interval in new[] { TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5) })
            {
                var (cpu, p50, p99, wal) = await MeasureAsync(interval);
                output.WriteLine($"round {round} checkpoint {(interval == TimeSpan.Zero ? "automatic" : $"every {interval.TotalSeconds:0} s")}: {cpu:0.0} µs CPU/append, wave p50 {p50:0.0} ms p99 {p99:0.0} ms, WAL at end {wal / 1024} KiB");
            }
        }

        output.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    private static async Task<(double Cpu, double P50, double P99, long Wal)> MeasureAsync(TimeSpan interval)
    {
        await using var scenario = await SqliteScenario.StartAsync(checkpoints: new Checkpoints(interval));
        string conversation = await scenario.FriendsAsync("alice", "bob");
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await scenario.Store.GetMessagesAsync(conversation, null, 0, 20);
                await Task.Delay(1);
            }
        });

        var waves = new List<double>();
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var wave = new Task<AppendResult>[100];
        for (int start = 0; start < Appends; start += wave.Length)
        {
            long began = Stopwatch.GetTimestamp();
            for (int i = 0; i < wave.Length; i++)
            {
                wave[i] = scenario.Store.AppendMessageAsync(scenario.Message(conversation, i % 2 == 0 ? "alice" : "bob", "a short chat message of some forty bytes"));
            }

            await Task.WhenAll(wave);
            waves.Add(Stopwatch.GetElapsedTime(began).TotalMilliseconds);
        }

        process.Refresh();
        double cpuPerAppend = (process.TotalProcessorTime - cpu).TotalMicroseconds / Appends;
        await stop.CancelAsync();
        await reader;
        waves.Sort();
        return (cpuPerAppend, waves[waves.Count / 2], waves[(int)(waves.Count * 0.99)], scenario.WalBytes);
    }
}
