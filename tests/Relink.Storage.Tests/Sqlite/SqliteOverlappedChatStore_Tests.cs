using Relink.Storage.Sqlite;

namespace Relink.Storage.Tests.Sqlite;

/// <summary>The conformance suite on a SQLite file with the overlapped WAL sync (commits without a sync, a sync stage beside them).</summary>
public sealed class SqliteOverlappedChatStore_Tests : SqliteChatStore_Tests
{
    /// <inheritdoc />
    protected override SqliteSynchronous Synchronous => SqliteSynchronous.Overlapped;
}
