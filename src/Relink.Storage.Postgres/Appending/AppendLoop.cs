using System.Data;
using System.Threading.Channels;
using Npgsql;

namespace Relink.Storage.Postgres.Appending;

/// <summary>
/// Group commit for appends, the PostgreSQL counterpart of the SQLite store's write loop. Appends wait in a bounded
/// queue; one loop per node takes all that wait (up to a batch size) and stores them in one round trip: an
/// <see cref="NpgsqlBatch"/> of one prepared statement per message, which PostgreSQL runs as one implicit transaction
/// and commits before it answers. There is no timer: a batch is whatever arrived while the previous one was on the
/// wire, so a lone append waits for nobody, and under load one commit serves many appends.
/// </summary>
/// <remarks>
/// <para>Nodes share the database, and each append still takes its conversation's row lock, which is what keeps the
/// numbers gapless across nodes. A batch takes those locks in one order everywhere (by conversation id, then by
/// arrival, so one sender's messages to a conversation keep their order), so two nodes' batches wait for each other
/// but do not deadlock. What is left (a key raced to two conversations, another kind of write holding locks in
/// another order) PostgreSQL breaks as a deadlock or serialization failure, and the batch is run again.</para>
/// <para>A message the database refuses (a sender that does not exist) fails the whole statement list; the batch is
/// then run again in an explicit transaction with a savepoint around each message, so the refusal is undone alone
/// and its batch-mates commit. A failure of the database or the link fails every append of the batch with
/// <see cref="StoreUnavailableException"/>; nothing of it was committed.</para>
/// </remarks>
internal sealed class AppendLoop : IAsyncDisposable
{
    // Deadlocks between nodes are rare and resolve on a rerun; a batch that keeps losing is reported unavailable.
    private const int MaxAttempts = 5;

    private static readonly Comparison<PendingAppend> LockOrder = (a, b) =>
    {
        int byConversation = string.CompareOrdinal(a.Message.ConversationId, b.Message.ConversationId);
        return byConversation != 0 ? byConversation : a.Arrival.CompareTo(b.Arrival);
    };

    private readonly NpgsqlDataSource _dataSource;
    private readonly Func<Exception, StoreUnavailableException> _unavailable;
    private readonly Channel<PendingAppend> _queue;
    private readonly int _maxBatchSize;
    private readonly Task _loop;
    private long _arrivals;
    private long _committedBatches;
    private long _reruns;

    /// <param name="dataSource">The store's pool.</param>
    /// <param name="maxBatchSize">Most appends in one transaction.</param>
    /// <param name="queueCapacity">Most appends waiting; callers beyond it wait for room.</param>
    /// <param name="unavailable">The store's translation of a database failure (it also drops dead pooled connections).</param>
    public AppendLoop(NpgsqlDataSource dataSource, int maxBatchSize, int queueCapacity, Func<Exception, StoreUnavailableException> unavailable)
    {
        _dataSource = dataSource;
        _unavailable = unavailable;
        _maxBatchSize = maxBatchSize;
        _queue = Channel.CreateBounded<PendingAppend>(new BoundedChannelOptions(queueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Transactions committed so far; with the number of appends, tells how well batching works.</summary>
    public long CommittedBatches => Interlocked.Read(ref _committedBatches);

    /// <summary>Batches run again after a deadlock or serialization failure.</summary>
    public long Reruns => Interlocked.Read(ref _reruns);

    /// <summary>Appends waiting for the loop.</summary>
    public int Queued => _queue.Reader.Count;

    /// <summary>
    /// Queues <paramref name="message"/> for the next batch; completes after its commit with the stored message, or
    /// null when nothing was stored (its key was used before, or there is no such conversation).
    /// </summary>
    public Task<StoredMessage?> AppendAsync(NewMessage message, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<StoredMessage?>(cancellationToken);
        }

        var append = new PendingAppend(message, Interlocked.Increment(ref _arrivals), cancellationToken);
        return _queue.Writer.TryWrite(append) ? append.Task : EnqueueWhenRoomAsync(append, cancellationToken);
    }

    /// <summary>Stops taking appends and stores every append already queued.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    private async Task<StoredMessage?> EnqueueWhenRoomAsync(PendingAppend append, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(append, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(PostgresChatStore));
        }

        return await append.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<PendingAppend>(_maxBatchSize);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < _maxBatchSize && _queue.Reader.TryRead(out var append))
            {
                if (append.TryTake())
                {
                    batch.Add(append);
                }
            }

            if (batch.Count > 0)
            {
                await RunBatchAsync(batch);
                batch.Clear();
            }
        }
    }

    private async Task RunBatchAsync(List<PendingAppend> batch)
    {
        batch.Sort(LockOrder);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync();
                if (!await TryWriteTogetherAsync(connection, batch))
                {
                    await WriteEachUnderSavepointAsync(connection, batch);
                }

                break;
            }
            catch (PostgresException conflict) when (conflict.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure
                                                     && attempt < MaxAttempts)
            {
                // Rolled back whole: run it again after a short random pause, so the node it met goes first.
                Interlocked.Increment(ref _reruns);
                batch.ForEach(append => append.Reset());
                await Task.Delay(Random.Shared.Next(1, 20 * attempt));
            }
#pragma warning disable CA1031 // Whatever went wrong, every caller must hear of it and the loop must live on.
            catch (Exception error)
#pragma warning restore CA1031
            {
                var unavailable = PostgresFailures.IsStoreFailure(error) ? _unavailable(error) : PostgresFailures.Unavailable(error);
                foreach (var append in batch)
                {
                    append.Fail(unavailable);
                }

                return;
            }
        }

        Interlocked.Increment(ref _committedBatches);
        foreach (var append in batch)
        {
            append.Complete();
        }
    }

    /// <summary>
    /// The whole batch as one statement list in one round trip, committed by PostgreSQL at its end (no explicit
    /// transaction: no BEGIN or COMMIT of its own). False when the database refused one message: then nothing of the
    /// batch was stored.
    /// </summary>
    private static async Task<bool> TryWriteTogetherAsync(NpgsqlConnection connection, List<PendingAppend> batch)
    {
        await using var statements = new NpgsqlBatch(connection);
        foreach (var append in batch)
        {
            statements.BatchCommands.Add(AppendStatement.For(append.Message));
        }

        try
        {
            // Every statement returns a result (a row, or none when nothing was stored), one per message in order.
            // The reader is read to its end and closed before anyone hears of it: the commit comes after the last one.
            await using (var reader = await statements.ExecuteReaderAsync())
            {
                for (int i = 0; i < batch.Count; i++)
                {
                    if (i > 0)
                    {
                        await reader.NextResultAsync();
                    }

                    batch[i].Result = await AppendStatement.ReadAsync(reader, batch[i].Message, targetSeq: 0, CancellationToken.None);
                }
            }

            return true;
        }
        catch (PostgresException refusal) when (PostgresFailures.IsRefusal(refusal))
        {
            batch.ForEach(append => append.Reset());
            return false;
        }
    }

    /// <summary>The slow path: each message under a savepoint in one explicit transaction, so a refusal is undone alone.</summary>
    private static async Task WriteEachUnderSavepointAsync(NpgsqlConnection connection, List<PendingAppend> batch)
    {
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted);
        foreach (var append in batch)
        {
            await transaction.SaveAsync("append");
            try
            {
                await using var statement = new NpgsqlBatch(connection, transaction) { BatchCommands = { AppendStatement.For(append.Message) } };
                await using var reader = await statement.ExecuteReaderAsync();
                append.Result = await AppendStatement.ReadAsync(reader, append.Message, targetSeq: 0, CancellationToken.None);
            }
            catch (PostgresException refusal) when (PostgresFailures.IsRefusal(refusal))
            {
                await transaction.RollbackAsync("append");
                append.Refusal = PostgresFailures.AsRefusal(refusal);
            }

            await transaction.ReleaseAsync("append");
        }

        await transaction.CommitAsync();
    }
}
