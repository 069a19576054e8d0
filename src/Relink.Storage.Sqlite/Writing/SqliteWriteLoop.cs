using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Relink.Storage.Sqlite.Sql;

namespace Relink.Storage.Sqlite.Writing;

/// <summary>
/// The only writer of the database. It owns one connection and drains a bounded queue of changes, committing all
/// that wait together (up to a batch size) in one transaction: one sync serves a whole burst of appends, and our own
/// writers never meet SQLITE_BUSY. A change the database refuses (a name that does not exist) is undone alone: the
/// batch is then run again with each change under a savepoint; an error of the database itself (disk full, I/O) fails
/// the whole batch, and the loop goes on with the next one. With a <see cref="GroupSync"/> (the overlapped mode), a
/// batch's callers are handed to it after the commit and complete after the WAL sync that covers it.
/// </summary>
internal sealed class SqliteWriteLoop : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly StatementCache _statements;
    private readonly Channel<WriteOperation> _queue;
    private readonly int _maxBatchSize;
    private readonly GroupSync? _groupSync;
    private readonly Task _loop;
    private long _committedBatches;

    /// <summary>
    /// Takes ownership of <paramref name="connection"/> (open, migrated) and of <paramref name="groupSync"/>, and
    /// starts writing. Without a group sync, callers complete at the commit (which syncs, or not, as the connection's
    /// <c>synchronous</c> says).
    /// </summary>
    public SqliteWriteLoop(SqliteConnection connection, int maxBatchSize, int queueCapacity, GroupSync? groupSync = null)
    {
        _connection = connection;
        _groupSync = groupSync;
        _statements = new StatementCache(connection);
        _maxBatchSize = maxBatchSize;
        _queue = Channel.CreateBounded<WriteOperation>(new BoundedChannelOptions(queueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Transactions committed so far; with the number of writes, tells how well batching works.</summary>
    public long CommittedBatches => Interlocked.Read(ref _committedBatches);

    /// <summary>WAL syncs of the overlapped mode run so far (0 without a group sync).</summary>
    public long WalSyncs => _groupSync?.Syncs ?? 0;

    /// <summary>Statements run so far, BEGIN and COMMIT included; with the number of writes, tells what a write costs.</summary>
    public long StatementsRun => _statements.Uses;

    /// <summary>
    /// Queues <paramref name="body"/> to run in the writer's next transaction; completes after that commit.
    /// Waits for room when the queue is full.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<StatementCache, T> body, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        var operation = new WriteOperation<T>(body, cancellationToken);
        return _queue.Writer.TryWrite(operation) ? operation.Task : EnqueueWhenRoomAsync(operation, cancellationToken);
    }

    /// <summary>Stops taking writes, commits every write already queued, then closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
        if (_groupSync is not null)
        {
            await _groupSync.DisposeAsync();
        }

        _statements.Dispose();
        await _connection.DisposeAsync();
    }

    private async Task<T> EnqueueWhenRoomAsync<T>(WriteOperation<T> operation, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(operation, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(SqliteChatStore));
        }

        return await operation.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<WriteOperation>(_maxBatchSize);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < _maxBatchSize && _queue.Reader.TryRead(out var operation))
            {
                if (operation.TryTake())
                {
                    batch.Add(operation);
                }
            }

            if (batch.Count > 0)
            {
                RunBatch(batch);
                batch.Clear();
            }
        }
    }

    private void RunBatch(List<WriteOperation> batch)
    {
        StoreUnavailableException? failure = null;
        try
        {
            if (!TryRunTogether(batch))
            {
                RunEachUnderSavepoint(batch);
            }

            Interlocked.Increment(ref _committedBatches);
        }
#pragma warning disable CA1031 // Whatever went wrong, every caller must hear of it and the loop must live on.
        catch (Exception error)
#pragma warning restore CA1031
        {
            failure = SqliteFailures.Unavailable(error);
        }

        if (_groupSync is not null)
        {
            _groupSync.Settle(batch, failure); // its callers hear after the sync that covers every batch before it
            return;
        }

        foreach (var operation in batch)
        {
            if (failure is not null)
            {
                operation.Fail(failure);
            }
            else
            {
                operation.Complete();
            }
        }
    }

    /// <summary>
    /// Runs the whole batch in one transaction with no savepoint per operation (two statements fewer per write, a
    /// fifth of an append's). Almost no batch holds a refused operation; one that does is rolled back whole here
    /// (false) and run again with a savepoint around each operation, so the refusal is undone alone. Running an
    /// operation twice is safe: a body only reads and writes the database, and the first run left nothing.
    /// </summary>
    private bool TryRunTogether(List<WriteOperation> batch)
    {
        // IMMEDIATE takes the write lock now, so a foreign process holding it fails us here, before any work.
        Run("BEGIN IMMEDIATE;");
        try
        {
            foreach (var operation in batch)
            {
                operation.Execute(_statements);
            }

            Run("COMMIT;");
            return true;
        }
        catch (Exception refusal) when (!SqliteFailures.IsStoreFailure(refusal))
        {
            RollBack();
            return false;
        }
        catch
        {
            RollBack();
            throw;
        }
    }

    private void RunEachUnderSavepoint(List<WriteOperation> batch)
    {
        Run("BEGIN IMMEDIATE;");
        try
        {
            foreach (var operation in batch)
            {
                RunUnderSavepoint(operation);
            }

            Run("COMMIT;");
        }
        catch
        {
            RollBack();
            throw;
        }
    }

    private void RunUnderSavepoint(WriteOperation operation)
    {
        Run("SAVEPOINT operation;");
        try
        {
            operation.Execute(_statements);
        }
        catch (Exception refusal) when (!SqliteFailures.IsStoreFailure(refusal))
        {
            Run("ROLLBACK TO operation;");
            operation.Refuse(SqliteFailures.AsRefusal(refusal));
        }

        Run("RELEASE operation;");
    }

    private void RollBack()
    {
        try
        {
            Run("ROLLBACK;");
        }
        catch (SqliteException)
        {
            // SQLite may already have rolled back by itself (it does on some I/O and full-disk errors).
        }
    }

    // Raw statements, prepared once: a SqliteCommand run allocates a reader, an enumerator and more each time, and
    // BEGIN and COMMIT run once per batch, which under light load is once or twice per message.
    private void Run(string sql) => _statements.PrepareRaw(sql).Execute();
}
