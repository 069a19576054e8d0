using Microsoft.Data.Sqlite;
using Relink.Storage.Sqlite;
using Relink.Testing;

namespace Relink.Storage.Tests.Sqlite;

/// <summary>A SQLite store on a file in its own temp folder, with the set-up the SQLite-specific tests share.</summary>
internal sealed class SqliteScenario : IAsyncDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly SqliteStoreOptions _options;
    private int _keys;

    private SqliteScenario(int maxBatchSize, TimeSpan busyTimeout, SqliteSynchronous synchronous, Checkpoints? checkpoints, bool heldSync)
    {
        var defaults = new SqliteStoreOptions { DatabasePath = Path.Combine(_folder.Path, "relink.db") };
        _options = new SqliteStoreOptions
        {
            DatabasePath = defaults.DatabasePath,
            MaxBatchSize = maxBatchSize,
            BusyTimeout = busyTimeout,
            Synchronous = synchronous,
            CheckpointInterval = checkpoints?.Interval ?? defaults.CheckpointInterval,
            WalTruncateBytes = checkpoints?.WalTruncateBytes ?? defaults.WalTruncateBytes,
            TimeProvider = checkpoints?.Time ?? defaults.TimeProvider,
            WalSync = heldSync ? path => WalSync = new HeldWalSync(path) : null,
        };
    }

    /// <summary>The overlapped mode's sync as the test controls it (with <c>heldSync</c>); replaced on reopen.</summary>
    public HeldWalSync? WalSync { get; private set; }

    /// <summary>The store; replaced by <see cref="ReopenAsync"/>.</summary>
    public SqliteChatStore Store { get; private set; } = null!;

    /// <summary>The database file.</summary>
    public string DatabasePath => _options.DatabasePath;

    /// <summary>Bytes in the database's write-ahead log file now (0 when there is none).</summary>
    public long WalBytes => new FileInfo(DatabasePath + "-wal") is { Exists: true } wal ? wal.Length : 0;

    /// <summary>
    /// Opens a store. The busy timeout defaults to a long one: tests that hold the write lock from outside must not
    /// see the writer give up while they are still queueing.
    /// </summary>
    public static async Task<SqliteScenario> StartAsync(
        int maxBatchSize = 256,
        TimeSpan? busyTimeout = null,
        SqliteSynchronous synchronous = SqliteSynchronous.Full,
        Checkpoints? checkpoints = null,
        bool heldSync = false)
    {
        var scenario = new SqliteScenario(maxBatchSize, busyTimeout ?? TimeSpan.FromSeconds(30), synchronous, checkpoints, heldSync);
        await scenario.OpenAsync();
        return scenario;
    }

    /// <summary>Disposes the store (draining its writes) and opens the same file again.</summary>
    public async Task<SqliteChatStore> ReopenAsync()
    {
        await Store.DisposeAsync();
        await OpenAsync();
        return Store;
    }

    /// <summary>Creates two users and their friendship; their conversation id.</summary>
    public async Task<string> FriendsAsync(string userA, string userB)
    {
        foreach (string id in new[] { userA, userB })
        {
            await Store.CreateUserAsync(new NewUser(id, id, "", "hash", DateTimeOffset.UnixEpoch));
        }

        await Store.AddFriendshipAsync(userA, userB, DateTimeOffset.UnixEpoch);
        return ConversationId.Direct(userA, userB);
    }

    /// <summary>A text message with a fresh idempotency key unless one is given.</summary>
    public NewMessage Message(string conversationId, string senderId, string text, string? clientMsgId = null) =>
        new(conversationId, senderId, clientMsgId ?? $"key-{Interlocked.Increment(ref _keys)}", MessageKind.Text, text, DateTimeOffset.UnixEpoch);

    /// <summary>A connection of our own to the file, as another process would open it.</summary>
    public async Task<SqliteConnection> OpenForeignConnectionAsync()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Takes the database's write lock from another connection, as a backup tool or a second process would.</summary>
    public async Task<ForeignWriteLock> HoldWriteLockAsync() => await ForeignWriteLock.TakeAsync(await OpenForeignConnectionAsync());

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        _folder.Dispose();
    }

    private async Task OpenAsync()
    {
        Store = new SqliteChatStore(_options);
        await Store.InitializeAsync();
    }
}

/// <summary>The background checkpointer's settings for a <see cref="SqliteScenario"/>; null ones keep the store's defaults.</summary>
internal sealed record Checkpoints(TimeSpan? Interval = null, long? WalTruncateBytes = null, TimeProvider? Time = null);
