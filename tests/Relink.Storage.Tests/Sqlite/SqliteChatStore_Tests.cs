using Relink.Storage.Sqlite;
using Relink.Storage.Tests.Conformance;
using Relink.Testing;

namespace Relink.Storage.Tests.Sqlite;

/// <summary>The conformance suite on a SQLite file in a fresh temp folder per test.</summary>
public class SqliteChatStore_Tests : ChatStore_Conformance_Tests
{
    private readonly TempDirectory _folder = new();

    /// <summary>How the store makes a commit durable (SQLite's own sync at each commit here).</summary>
    protected virtual SqliteSynchronous Synchronous => SqliteSynchronous.Full;

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
        var store = new SqliteChatStore(new SqliteStoreOptions { DatabasePath = Path.Combine(_folder.Path, "relink.db"), Synchronous = Synchronous });
        await store.InitializeAsync();
        return store;
    }
}
