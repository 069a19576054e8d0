using Relink.Storage.Postgres;
using Relink.Storage.Tests.Conformance;

namespace Relink.Storage.Tests.Postgres;

/// <summary>The lease conformance suite on PostgreSQL: two store instances (two nodes) on one fresh database.</summary>
public sealed class PostgresLeases_Tests : LeaseStore_Conformance_Tests
{
    private PostgresDatabase? _database;
    private PostgresChatStore? _a;
    private PostgresChatStore? _b;

    /// <inheritdoc />
    protected override async Task<(ILeaseStore A, ILeaseStore B)> CreateNodesAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        _a = await _database.OpenStoreAsync();
        _b = await _database.OpenStoreAsync();
        return (_a, _b);
    }

    /// <inheritdoc />
    public override async Task DisposeAsync()
    {
        foreach (var store in new[] { _a, _b })
        {
            if (store is not null)
            {
                await store.DisposeAsync();
            }
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
