using Relink.Storage.Sqlite;
using Relink.Storage.Tests.Conformance;
using Relink.Testing;

namespace Relink.Storage.Tests.Sqlite;

/// <summary>The conformance suite on a SQLite file with the overlapped WAL sync (commits without a sync, a sync stage beside them).</summary>
public sealed class SqliteOverlappedChatStore_Tests : ChatStore_Conformance_Tests
{
    private readonly TempDirectory _folder = new();

    /// <inheritdoc />
    protected override Task<IChatStore> CreateStoreAsync() => OpenAsync();

    /// <inheritdoc />
    protected override Task<IChatStore> ReopenStoreAsync() => OpenAsync();

    /// <inheritdoc />
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _folder.Dispose();
    }

    private async Task<IChatStore> OpenAsync()
    {
        var store = new SqliteChatStore(new SqliteStoreOptions
        {
            DatabasePath = Path.Combine(_folder.Path, "relink.db"),
            Synchronous = SqliteSynchronous.Overlapped,
        });
        await store.InitializeAsync();
        return store;
    }
}
