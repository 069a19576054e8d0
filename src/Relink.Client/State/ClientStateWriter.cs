using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Relink.Client.State;

/// <summary>
/// Writes a client's state changes to its store in the order they happened, off the caller's thread (a send or an
/// ack must not wait for a disk), merging the changes that queued up meanwhile into one write. A failed write is
/// logged and the client goes on: the state in memory is still right, only its copy on disk is behind.
/// </summary>
internal sealed partial class ClientStateWriter
{
    // Unbounded, but drained as fast as the store writes, and fed only by sends (bounded by the outbox) and ack
    // batches (at most five a second, or one per 64 messages).
    private readonly Channel<ClientStateChange> _changes = Channel.CreateUnbounded<ClientStateChange>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ILogger _logger;
    private readonly Task _writing;

    public ClientStateWriter(IClientStateStore store, ILogger logger)
    {
        Store = store;
        _logger = logger;
        _writing = Task.Run(WriteAllAsync);
    }

    /// <summary>The store written to.</summary>
    public IClientStateStore Store { get; }

    /// <summary>Queues a change.</summary>
    public void Write(ClientStateChange change) => _changes.Writer.TryWrite(change);

    /// <summary>Writes what is queued, then stops.</summary>
    public async Task CompleteAsync()
    {
        _changes.Writer.TryComplete();
        await _writing;
    }

    private async Task WriteAllAsync()
    {
        ClientStateChange? carried = null;
        while (carried is not null || await _changes.Reader.WaitToReadAsync())
        {
            ClientStateChange batch = carried ?? (_changes.Reader.TryRead(out var first) ? first : new ClientStateChange());
            carried = null;
            while (!batch.Reset && _changes.Reader.TryRead(out var next))
            {
                if (!CanMerge(batch, next))
                {
                    carried = next;
                    break;
                }

                batch = Merge(batch, next);
            }

            try
            {
                await Store.SaveAsync(batch, CancellationToken.None);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogWriteFailed(_logger, e);
            }
        }
    }

    // A reset starts afresh, and an id added again after it was removed must not meet its own removal in one write
    // (a change applies its additions before its removals).
    private static bool CanMerge(ClientStateChange batch, ClientStateChange next) =>
        !next.Reset && !(next.Added ?? []).Any(a => batch.Removed?.Contains(a.ClientMsgId, StringComparer.Ordinal) == true);

    private static ClientStateChange Merge(ClientStateChange a, ClientStateChange b)
    {
        var cursors = new Dictionary<string, long>(a.Cursors ?? new Dictionary<string, long>(), StringComparer.Ordinal);
        foreach (var (conversationId, seq) in b.Cursors ?? new Dictionary<string, long>())
        {
            cursors[conversationId] = Math.Max(seq, cursors.GetValueOrDefault(conversationId));
        }

        return new ClientStateChange
        {
            Reset = a.Reset,
            UserId = b.UserId ?? a.UserId,
            Cursors = cursors,
            Added = [.. a.Added ?? [], .. b.Added ?? []],
            Removed = [.. a.Removed ?? [], .. b.Removed ?? []],
        };
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Error, Message = "Could not save the client state; it is kept in memory and saved with the next change.")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception);
}
