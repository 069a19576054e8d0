using System.Data;
using Npgsql;
using Relink.Storage.Postgres.Appending;
using Relink.Storage.Postgres.Schema;
using Relink.Storage.Postgres.Sql;

namespace Relink.Storage.Postgres;

/// <summary>
/// <see cref="IChatStore"/> on PostgreSQL, for several server nodes sharing one database. Each call is one
/// transaction on a pooled connection (<see cref="NpgsqlDataSource"/>); PostgreSQL's row locks order concurrent
/// writers across nodes where the SQLite store has its single writer. Reads that take several statements run in one
/// REPEATABLE READ transaction (a consistent snapshot).
/// </summary>
/// <remarks>
/// A change that names a user, group or conversation that does not exist is refused with
/// <see cref="ArgumentException"/>, nothing of it applied. <see cref="StoreUnavailableException"/> is kept for failures
/// of the database or the link to it (server down, connection refused, shutting down): the chat service turns it
/// into a retryable error, and the store serves again by itself once the server is back.
/// </remarks>
public sealed partial class PostgresChatStore : IChatStore, ISharedChatStore, IClusterDirectory, ILeaseStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlDataSource _control;
    private readonly AppendLoop _appends;
    private int _initialized;
    private int _disposed;

    /// <inheritdoc />
    /// <remarks>
    /// An append joins the append loop's queue before <see cref="AppendMessageAsync"/> returns (a full queue keeps its
    /// waiting writers in order), the loop commits one batch at a time, and inside a batch one conversation's appends
    /// keep their arrival order (the batch is sorted by conversation, then arrival).
    /// </remarks>
    public bool AppendsInIssueOrder => true;

    /// <summary>A store over <see cref="PostgresStoreOptions.ConnectionString"/>; call <see cref="InitializeAsync"/> before use.</summary>
    public PostgresChatStore(PostgresStoreOptions options)
    {
        options.Validate();
        var builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            // The store's statements are a fixed set run over and over (an append is one statement per message):
            // prepared once per pooled connection, each run skips parsing and planning. A connection string that sets
            // Max Auto Prepare keeps its own choice.
            builder.ConnectionStringBuilder.MaxAutoPrepare = AutoPreparedStatements;
        }

        _dataSource = builder.Build();
        _control = ControlDataSource(builder.ConnectionStringBuilder, options.ControlPoolSize);
        _appends = new AppendLoop(_dataSource, options.MaxBatchSize, options.AppendQueueCapacity, Fail);
    }

    /// <summary>
    /// The small pool of the node's liveness writes (<see cref="PostgresStoreOptions.ControlPoolSize"/>): a data source
    /// of its own, so its connections are never taken by the requests' pool, however full that is.
    /// </summary>
    private static NpgsqlDataSource ControlDataSource(NpgsqlConnectionStringBuilder requests, int size)
    {
        var control = new NpgsqlConnectionStringBuilder(requests.ConnectionString)
        {
            MaxPoolSize = size,
            MinPoolSize = 0,
            ApplicationName = (string.IsNullOrEmpty(requests.ApplicationName) ? "relink" : requests.ApplicationName) + " (control)",
        };
        return new NpgsqlDataSourceBuilder(control.ConnectionString).Build();
    }

    /// <summary>Statements each pooled connection keeps prepared: more than the store has that run often.</summary>
    private const int AutoPreparedStatements = 128;

    /// <summary>The group commit of appends, once the store is initialized.</summary>
    private AppendLoop Appends
    {
        get
        {
            ThrowIfNotReady();
            return _appends;
        }
    }

    /// <summary>Append transactions committed so far (tests and benchmarks: appends per commit).</summary>
    internal long CommittedAppendBatches => _appends.CommittedBatches;

    /// <summary>Append batches run again after a deadlock or serialization failure (tests: locks taken in one order meet none).</summary>
    internal long AppendReruns => _appends.Reruns;

    /// <summary>Appends waiting for the append loop (tests: gather a batch).</summary>
    internal int QueuedAppends => _appends.Queued;

    /// <summary>Creates the tables or applies pending schema steps, once across every node starting together.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Interlocked.Exchange(ref _initialized, 1) != 0)
        {
            throw new InvalidOperationException("The store is already initialized.");
        }

        try
        {
            await SchemaMigrator.MigrateAsync(_dataSource, cancellationToken);
        }
        catch (Exception error) when (PostgresFailures.IsStoreFailure(error))
        {
            Volatile.Write(ref _initialized, 0);
            throw new StoreUnavailableException($"The PostgreSQL database could not be opened: {error.Message}", error);
        }
        catch
        {
            Volatile.Write(ref _initialized, 0);
            throw;
        }
    }

    /// <inheritdoc />
    public async Task<IAsyncDisposable> LockStartupAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfNotReady();
        NpgsqlConnection? connection = null;
        try
        {
            connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            return await AdvisoryLock.TakeAsync(connection, AdvisoryLock.Startup, cancellationToken, ownsConnection: true);
        }
        catch (Exception error) when (PostgresFailures.IsStoreFailure(error))
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            throw Fail(error);
        }
    }

    /// <summary>Stores the appends already queued, then closes the pool's connections. Other calls still running finish or fail on their own.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            // Appends already queued are stored (or fail) before the pool closes.
            await _appends.DisposeAsync();
            await _dataSource.DisposeAsync();
            await _control.DisposeAsync();
        }
    }

    /// <summary>Runs <paramref name="change"/> in one transaction and commits it.</summary>
    private Task<T> WriteAsync<T>(Func<PgSession, Task<T>> change, CancellationToken cancellationToken) =>
        RunAsync(_dataSource, change, IsolationLevel.ReadCommitted, cancellationToken);

    /// <summary>
    /// Runs <paramref name="change"/>, one statement, in PostgreSQL's implicit transaction of that statement: as
    /// atomic as <see cref="WriteAsync"/>, without its BEGIN and COMMIT, so one round trip instead of two.
    /// </summary>
    private Task<T> WriteOneAsync<T>(Func<PgSession, Task<T>> change, CancellationToken cancellationToken) =>
        RunAsync(_dataSource, change, isolation: null, cancellationToken);

    /// <summary>As <see cref="WriteOneAsync"/>, on the control pool (<see cref="WriteControlAsync"/>).</summary>
    private Task<T> WriteControlOneAsync<T>(Func<PgSession, Task<T>> change, CancellationToken cancellationToken) =>
        RunAsync(_control, change, isolation: null, cancellationToken);

    /// <summary>Runs <paramref name="change"/> in one transaction on the control pool: the node's liveness, never starved by the requests.</summary>
    private Task<T> WriteControlAsync<T>(Func<PgSession, Task<T>> change, CancellationToken cancellationToken) =>
        RunAsync(_control, change, IsolationLevel.ReadCommitted, cancellationToken);

    /// <summary>Runs <paramref name="read"/> on a pooled connection; in a REPEATABLE READ snapshot when it reads more than once.</summary>
    private Task<T> ReadAsync<T>(Func<PgSession, Task<T>> read, CancellationToken cancellationToken, bool snapshot = false) =>
        RunAsync(_dataSource, read, snapshot ? IsolationLevel.RepeatableRead : null, cancellationToken);

    /// <summary>
    /// Runs <paramref name="body"/> on a pooled connection, in a transaction of <paramref name="isolation"/> that is
    /// committed at the end, or without one (a single statement or batch is then
    /// atomic by itself: PostgreSQL runs a batch in one implicit transaction).
    /// </summary>
    private async Task<T> RunAsync<T>(NpgsqlDataSource pool, Func<PgSession, Task<T>> body, IsolationLevel? isolation, CancellationToken cancellationToken)
    {
        ThrowIfNotReady();
        try
        {
            await using var connection = await pool.OpenConnectionAsync(cancellationToken);
            await using var transaction = isolation is { } level ? await connection.BeginTransactionAsync(level, cancellationToken) : null;
            using var session = new PgSession(connection, transaction, cancellationToken);
            T result = await body(session);
            if (transaction is not null)
            {
                // Once the change is made, its commit is not cancelled: an answer must not be lost to a caller that
                // stopped waiting (an append's idempotency key makes the caller's retry harmless either way).
                await transaction.CommitAsync(CancellationToken.None);
            }

            return result;
        }
        catch (Exception error) when (PostgresFailures.IsRefusal(error))
        {
            throw PostgresFailures.AsRefusal(error);
        }
        catch (Exception error) when (PostgresFailures.IsStoreFailure(error))
        {
            throw Fail(error);
        }
    }

    /// <summary>
    /// The exception for a failure of the database. When the link itself failed, the pool's idle connections are
    /// dropped too: after a server restart they are all dead, and the next call should open a fresh one rather than
    /// fail on each stale one in turn.
    /// </summary>
    private StoreUnavailableException Fail(Exception error)
    {
        if (PostgresFailures.IsLinkFailure(error))
        {
            _dataSource.Clear();
            _control.Clear();
        }

        return PostgresFailures.Unavailable(error);
    }

    private void ThrowIfNotReady()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Volatile.Read(ref _initialized) == 0)
        {
            throw new InvalidOperationException("Call InitializeAsync before using the store.");
        }
    }
}
