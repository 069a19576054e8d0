using System.Globalization;
using Microsoft.Data.Sqlite;
using Relink.Storage.Sqlite.Schema;
using Relink.Storage.Sqlite.Sql;
using Relink.Storage.Sqlite.Writing;

namespace Relink.Storage.Sqlite;

/// <summary>
/// <see cref="IChatStore"/> on one SQLite file in WAL mode. Every change goes through one writer
/// (<see cref="SqliteWriteLoop"/>) that commits waiting changes together; reads use pooled connections of their own,
/// which WAL lets run alongside the writer, each in one read transaction (a consistent snapshot).
/// </summary>
/// <remarks>
/// A change that names a user, group or conversation that does not exist (a message to an unknown conversation, a
/// group with an unknown member) is refused with <see cref="ArgumentException"/>: nothing of it is applied, and the
/// other changes committed in the same batch are not affected. <see cref="StoreUnavailableException"/> is kept for
/// failures of the database itself (disk full, I/O error, locked by another process past the busy timeout).
/// </remarks>
public sealed partial class SqliteChatStore : IChatStore
{
    private readonly SqliteStoreOptions _options;
    private readonly string _writeConnectionString;
    private readonly string _readConnectionString;
    private SqliteWriteLoop? _writer;
    private WalCheckpointer? _checkpointer;
    private int _disposed;

    /// <inheritdoc />
    /// <remarks>The one writer takes its queue in order and commits it in order, batch by batch.</remarks>
    public bool AppendsInIssueOrder => true;

    /// <summary>A store over <see cref="SqliteStoreOptions.DatabasePath"/>; call <see cref="InitializeAsync"/> before use.</summary>
    public SqliteChatStore(SqliteStoreOptions options)
    {
        options.Validate();
        _options = options;
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(options.DatabasePath),
            Mode = SqliteOpenMode.ReadWriteCreate,
            ForeignKeys = true,
            // Microsoft.Data.Sqlite retries a busy database until the command timeout, in whole seconds.
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds)),
            // The writer's connection lives as long as the store; closing it must release the file.
            Pooling = false,
        };
        _writeConnectionString = builder.ToString();
        builder.Mode = SqliteOpenMode.ReadWrite;
        builder.Pooling = true;
        // Readers never write, so they skip the foreign-key pragma each pooled open would otherwise run.
        builder.ForeignKeys = null;
        _readConnectionString = builder.ToString();
    }

    /// <summary>Transactions the writer has committed; tests and benchmarks compare it with the number of writes.</summary>
    internal long CommittedBatches => Writer.CommittedBatches;

    /// <summary>The background checkpointer, or null when <see cref="SqliteStoreOptions.CheckpointInterval"/> is zero.</summary>
    internal WalCheckpointer? Checkpointer => _checkpointer;

    /// <summary>WAL syncs the overlapped mode's sync stage has run (0 in the other modes).</summary>
    internal long WalSyncs => Writer.WalSyncs;

    /// <summary>Statements the writer has run; tests compare it with the number of writes.</summary>
    internal long WriterStatements => Writer.StatementsRun;

    /// <summary>
    /// Runs one statement in the writer's next transaction, on the writer's connection; its first value. For tests
    /// that change the writer's own settings (a page limit standing in for a full disk).
    /// </summary>
    internal Task<long?> ExecuteOnWriterAsync(string sql) => WriteAsync(s => s.Prepare(sql).ScalarInt64(), CancellationToken.None);

    /// <summary>Opens the database, turns on WAL, applies pending schema migrations, and starts the writer.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_writer is not null)
        {
            throw new InvalidOperationException("The store is already initialized.");
        }

        string path = new SqliteConnectionStringBuilder(_writeConnectionString).DataSource;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var connection = new SqliteConnection(_writeConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await ConfigureWriterAsync(connection, cancellationToken);
            await SchemaMigrator.MigrateAsync(connection, cancellationToken);
        }
        catch (Exception error)
        {
            await connection.DisposeAsync();
            if (error is SqliteException)
            {
                throw new StoreUnavailableException($"The database '{path}' could not be opened.", error);
            }

            throw;
        }

        var groupSync = _options.Synchronous == SqliteSynchronous.Overlapped
            ? new GroupSync(_options.WalSync?.Invoke(path) ?? new WalFileSync(path), _options.WriteQueueCapacity)
            : null;
        _writer = new SqliteWriteLoop(connection, _options.MaxBatchSize, _options.WriteQueueCapacity, groupSync);
        if (_options.CheckpointInterval > TimeSpan.Zero)
        {
            _checkpointer = await WalCheckpointer.StartAsync(_writeConnectionString, path, _options, cancellationToken);
        }
    }

    /// <summary>Refuses new writes, commits every write already accepted, then closes the database.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_checkpointer is not null)
        {
            await _checkpointer.DisposeAsync();
        }

        if (_writer is not null)
        {
            // Its connection, the last one open, checkpoints the whole WAL as it closes.
            await _writer.DisposeAsync();
        }

        // Pooled readers would otherwise keep the file (and its -wal) open after the store is gone.
        using var pooled = new SqliteConnection(_readConnectionString);
        SqliteConnection.ClearPool(pooled);
    }

    private SqliteWriteLoop Writer
    {
        get
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return _writer ?? throw new InvalidOperationException("Call InitializeAsync before using the store.");
        }
    }

    private async Task ConfigureWriterAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        // Overlapped commits without a sync; its own sync stage makes each batch durable before anyone hears of it.
        string synchronous = _options.Synchronous == SqliteSynchronous.Full ? "FULL" : "NORMAL";
        long busyMillis = (long)_options.BusyTimeout.TotalMilliseconds;
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        string? mode = (string?)await command.ExecuteScalarAsync(cancellationToken);
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new StoreUnavailableException($"The database refused WAL mode (it is in '{mode}' mode).");
        }

        // With the background checkpointer, commits never checkpoint (0 turns SQLite's automatic checkpoint off), and
        // a WAL that SQLite resets is cut back to the bound; without it, SQLite's defaults (1,000 pages, no limit).
        bool background = _options.CheckpointInterval > TimeSpan.Zero;
        long autoCheckpointPages = background ? 0 : 1000;
        long walLimit = background ? _options.WalTruncateBytes : -1;
        command.CommandText = string.Create(
            CultureInfo.InvariantCulture,
            $"PRAGMA synchronous = {synchronous}; PRAGMA busy_timeout = {busyMillis}; PRAGMA foreign_keys = ON; " +
            $"PRAGMA wal_autocheckpoint = {autoCheckpointPages}; PRAGMA journal_size_limit = {walLimit};");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Queues a change for the writer; completes after its commit.</summary>
    private Task<T> WriteAsync<T>(Func<StatementCache, T> change, CancellationToken cancellationToken) =>
        Writer.WriteAsync(change, cancellationToken);

    /// <summary>
    /// Runs <paramref name="read"/> on a pooled connection inside one read transaction. Microsoft.Data.Sqlite does
    /// its I/O synchronously even behind its async methods, so this does not pretend otherwise.
    /// </summary>
    private Task<T> ReadAsync<T>(Func<StatementCache, T> read, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_writer is null)
        {
            throw new InvalidOperationException("Call InitializeAsync before using the store.");
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        try
        {
            using var connection = new SqliteConnection(_readConnectionString);
            connection.Open();
            using var transaction = connection.BeginTransaction(deferred: true);
            using var statements = new StatementCache(connection, transaction);
            return Task.FromResult(read(statements));
        }
        catch (SqliteException error)
        {
            return Task.FromException<T>(new StoreUnavailableException("The store could not be read.", error));
        }
    }
}
