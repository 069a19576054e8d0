using Microsoft.Extensions.Time.Testing;
using Relink.Storage.Sqlite;
using Relink.Testing;

namespace Relink.Storage.Tests.Sqlite;

/// <summary>
/// The background checkpointer: commits never copy the WAL into the database file; the checkpointer does, on its
/// schedule, and keeps the WAL file within its bound.
/// </summary>
public sealed class Checkpoint_Tests
{
    // 2 KB of text a message: 3,000 of them put ~6 MB in the WAL, past SQLite's automatic checkpoint (1,000 pages).
    private static readonly string Text = new('x', 2048);

    [Fact]
    public async Task Commits_leave_the_wal_alone_and_the_background_checkpoint_copies_it_into_the_database_on_its_schedule()
    {
        var time = new FakeTimeProvider();
        await using var scenario = await SqliteScenario.StartAsync(checkpoints: new Checkpoints(TimeSpan.FromSeconds(1), Time: time));
        string conversation = await scenario.FriendsAsync("alice", "bob");
        long databaseBefore = new FileInfo(scenario.DatabasePath).Length;

        await AppendAsync(scenario, conversation, 3000);

        var checkpointer = scenario.Store.Checkpointer.ShouldNotBeNull();
        checkpointer.Checkpoints.ShouldBe(0);
        scenario.WalBytes.ShouldBeGreaterThan(4 * 1024 * 1024, "over 1,000 pages in the WAL and no commit checkpointed them");
        new FileInfo(scenario.DatabasePath).Length.ShouldBe(databaseBefore, "nothing was copied into the database file yet");

        time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => checkpointer.Checkpoints >= 1, "the scheduled checkpoint");

        new FileInfo(scenario.DatabasePath).Length.ShouldBeGreaterThan(databaseBefore + (3000L * Text.Length), "the checkpoint copied the messages into the database file");
        checkpointer.Failures.ShouldBe(0);
    }

    [Theory]
    [InlineData(SqliteSynchronous.Full)]
    [InlineData(SqliteSynchronous.Overlapped)] // its own WAL descriptor must go on syncing the truncated file
    public async Task Under_sustained_writes_each_checkpoint_brings_a_wal_past_its_bound_back_to_empty(SqliteSynchronous synchronous)
    {
        const long bound = 256 * 1024;
        var time = new FakeTimeProvider();
        await using var scenario = await SqliteScenario.StartAsync(synchronous: synchronous, checkpoints: new Checkpoints(TimeSpan.FromSeconds(1), bound, time));
        string conversation = await scenario.FriendsAsync("alice", "bob");
        var checkpointer = scenario.Store.Checkpointer.ShouldNotBeNull();

        for (int round = 1; round <= 5; round++)
        {
            await AppendAsync(scenario, conversation, 300); // ~600 KB a round
            scenario.WalBytes.ShouldBeGreaterThan(bound);

            time.Advance(TimeSpan.FromSeconds(1));
            await Eventually.TrueAsync(() => checkpointer.Truncations >= round, $"round {round}'s truncating checkpoint");
            scenario.WalBytes.ShouldBe(0, $"round {round}: the WAL file was emptied");
        }

        checkpointer.Checkpoints.ShouldBe(5);
        var page = await scenario.Store.GetMessagesAsync(conversation, null, 0, 10);
        page.LastSeq.ShouldBe(1500, "every message is there after the truncations");
    }

    [Fact]
    public async Task A_sustained_load_with_real_time_checkpoints_ends_with_the_wal_within_its_bound()
    {
        const long bound = 512 * 1024;
        await using var scenario = await SqliteScenario.StartAsync(checkpoints: new Checkpoints(TimeSpan.FromMilliseconds(50), bound));
        string conversation = await scenario.FriendsAsync("alice", "bob");

        // Reads alongside the writes hold snapshots, as a server's history pages and login answers do.
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await scenario.Store.GetMessagesAsync(conversation, null, 0, 20);
            }
        });
        await AppendAsync(scenario, conversation, 4000); // ~8 MB written, 16 times the bound
        await stop.CancelAsync();
        await reader;

        await Eventually.TrueAsync(() => scenario.WalBytes <= bound, "the WAL back within its bound");
        (await scenario.Store.GetMessagesAsync(conversation, null, 0, 1)).LastSeq.ShouldBe(4000);
    }

    [Fact]
    public async Task With_the_checkpoint_interval_zero_there_is_no_background_checkpointer()
    {
        await using var scenario = await SqliteScenario.StartAsync(checkpoints: new Checkpoints(TimeSpan.Zero));
        scenario.Store.Checkpointer.ShouldBeNull();
        string conversation = await scenario.FriendsAsync("alice", "bob");
        await AppendAsync(scenario, conversation, 3000);
        // SQLite's automatic checkpoint copies the WAL in the commits that cross 1,000 pages.
        new FileInfo(scenario.DatabasePath).Length.ShouldBeGreaterThan(3 * 1024 * 1024);
    }

    /// <summary>Appends in waves of 100 at once, so they commit in batches as a busy server's do.</summary>
    private static async Task AppendAsync(SqliteScenario scenario, string conversation, int count)
    {
        for (int sent = 0; sent < count; sent += 100)
        {
            await Task.WhenAll(Enumerable.Range(sent, Math.Min(100, count - sent))
                .Select(i => scenario.Store.AppendMessageAsync(scenario.Message(conversation, i % 2 == 0 ? "alice" : "bob", Text))));
        }
    }
}
