using System.Diagnostics;
using Relink.Storage.Sqlite;
using Xunit.Abstractions;

namespace Relink.Storage.Tests.Sqlite;

/// <summary>
/// Measures append throughput per durability setting and concurrency, and prints it; asserts only correctness
/// (every append stored, no gap), never a timing. Run with:
/// <c>dotnet test tests/Relink.Storage.Tests -c Release --filter Append_Throughput --logger "console;verbosity=detailed"</c>
/// </summary>
public sealed class Append_Throughput_Measurement(ITestOutputHelper output)
{
    [Theory]
    [InlineData(SqliteSynchronous.Full, 1, 300)]
    [InlineData(SqliteSynchronous.Full, 64, 40)]
    [InlineData(SqliteSynchronous.Normal, 1, 300)]
    [InlineData(SqliteSynchronous.Normal, 64, 40)]
    public async Task Appends_are_all_stored_without_gaps(SqliteSynchronous synchronous, int appenders, int messagesEach)
    {
        await using var scenario = await SqliteScenario.StartAsync(synchronous: synchronous);
        string conversation = await scenario.FriendsAsync("alice", "bob");
        string warmUp = await scenario.FriendsAsync("carol", "dave");
        for (int i = 0; i < 20; i++)
        {
            // The first appends pay for JIT and statement compilation; they are not what is measured.
            await scenario.Store.AppendMessageAsync(scenario.Message(warmUp, "carol", "warm-up"));
        }

        long batchesBefore = scenario.Store.CommittedBatches;

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, appenders).Select(async a =>
        {
            for (int i = 0; i < messagesEach; i++)
            {
                await scenario.Store.AppendMessageAsync(scenario.Message(conversation, a % 2 == 0 ? "alice" : "bob", "a short chat message"));
            }
        }));
        clock.Stop();

        int total = appenders * messagesEach;
        long batches = scenario.Store.CommittedBatches - batchesBefore;
        output.WriteLine(
            $"synchronous={synchronous} appenders={appenders}: {total} appends in {clock.Elapsed.TotalSeconds:F2} s = " +
            $"{total / clock.Elapsed.TotalSeconds:F0} messages/s, {batches} commits ({(double)total / batches:F1} appends per commit)");
        var page = await scenario.Store.GetMessagesAsync(conversation, null, 0, total);
        page.LastSeq.ShouldBe(total);
        page.Messages.Select(m => m.Seq).ShouldBe(Enumerable.Range(1, total).Select(i => (long)i));
    }
}
