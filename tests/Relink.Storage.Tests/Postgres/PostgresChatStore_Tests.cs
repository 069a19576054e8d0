using Relink.Storage.Tests.Conformance;

namespace Relink.Storage.Tests.Postgres;

/// <summary>The conformance suite on PostgreSQL, in a fresh database per test.</summary>
public sealed class PostgresChatStore_Tests : ChatStore_Conformance_Tests
{
    private PostgresDatabase? _database;

    /// <inheritdoc />
    protected override async Task<IChatStore> CreateStoreAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        return await _database.OpenStoreAsync();
    }

    /// <inheritdoc />
    protected override async Task<IChatStore> ReopenStoreAsync() => await _database!.OpenStoreAsync();

    /// <inheritdoc />
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
