using Npgsql;
using Relink.Storage.Postgres;
using Relink.Storage.Postgres.Schema;
using Relink.Testing;

namespace Relink.Storage.Tests.Postgres;

/// <summary>Several nodes starting together on one database: the schema is made once, start-up work runs one at a time.</summary>
public sealed class Shared_Startup_Tests : IAsyncLifetime
{
    private PostgresDatabase _database = null!;

    public async Task InitializeAsync() => _database = await PostgresDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Migrations_racing_from_four_nodes_are_applied_once()
    {
        var sources = Enumerable.Range(0, 4).Select(_ => NpgsqlDataSource.Create(_database.ConnectionString)).ToList();
        try
        {
            int[] applied = await Task.WhenAll(sources.Select(s => Task.Run(() => SchemaMigrator.MigrateAsync(s, CancellationToken.None))));

            applied.Sum().ShouldBe(Migrations.All.Count, "each step applied by exactly one node");
            await using var command = sources[0].CreateCommand("SELECT COUNT(*) FROM relink_schema_versions");
            ((long)(await command.ExecuteScalarAsync())!).ShouldBe(Migrations.All.Count);
        }
        finally
        {
            foreach (var source in sources)
            {
                await source.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Two_stores_initialized_together_both_work_on_one_schema()
    {
        var a = new PostgresChatStore(new PostgresStoreOptions { ConnectionString = _database.ConnectionString });
        var b = new PostgresChatStore(new PostgresStoreOptions { ConnectionString = _database.ConnectionString });
        await using (a)
        await using (b)
        {
            await Task.WhenAll(a.InitializeAsync(), b.InitializeAsync());

            (await a.CreateUserAsync(new NewUser("alice", "Alice", "", "h", DateTimeOffset.UnixEpoch))).ShouldBeTrue();
            (await b.FindUserAsync("alice")).ShouldNotBeNull();
        }
    }

    [Fact]
    public async Task The_startup_lock_lets_a_second_node_in_only_after_the_first_lets_go()
    {
        await using var a = await _database.OpenStoreAsync();
        await using var b = await _database.OpenStoreAsync();
        var first = await a.LockStartupAsync();

        var second = b.LockStartupAsync();
        // The second node is seen waiting for the lock by the server itself, not guessed by a sleep.
        await Eventually.TrueAsync(async () => await WaitingForAdvisoryLockAsync() == 1, "the second node waits for the start-up lock");
        second.IsCompleted.ShouldBeFalse();

        await first.DisposeAsync();
        await using var held = await second.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private async Task<long> WaitingForAdvisoryLockAsync()
    {
        await using var source = NpgsqlDataSource.Create(_database.ConnectionString);
        await using var command = source.CreateCommand("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
