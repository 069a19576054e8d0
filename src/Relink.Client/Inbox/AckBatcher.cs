using Relink.Protocol.Messages;

namespace Relink.Client.Inbox;

/// <summary>What the caller must do after recording a delivery.</summary>
internal enum AckDecision
{
    /// <summary>Nothing: a flush is already due at a known time.</summary>
    None,

    /// <summary>The first delivery of a batch: make sure the timer fires at <see cref="AckBatcher.DueAt"/>.</summary>
    ArmTimer,

    /// <summary>The batch is full: send it now.</summary>
    FlushNow,
}

/// <summary>
/// Gathers delivery cursors into few AckRequests: per conversation only the highest delivered seq counts, and
/// a batch goes out after <see cref="MaxBatch"/> messages or <see cref="MaxDelay"/> after its first one,
/// whichever comes first. Acks cost the server a store write, so one per message would be wasteful; waiting
/// longer would leave the device cursor behind and cost re-deliveries after a crash.
/// </summary>
internal sealed class AckBatcher
{
    /// <summary>Messages that make a batch go out at once.</summary>
    public const int MaxBatch = 64;

    /// <summary>The longest a delivered message waits for its ack.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(200);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _cursors = new(StringComparer.Ordinal);
    private readonly long _maxDelayTicks;
    private int _messages;
    private long? _dueAt;

    public AckBatcher(TimeProvider time)
    {
        Time = time;
        _maxDelayTicks = (long)(MaxDelay.TotalSeconds * time.TimestampFrequency);
    }

    /// <summary>The clock the due times are read from.</summary>
    public TimeProvider Time { get; }

    /// <summary>When the current batch is due (a timestamp), or null when nothing waits.</summary>
    public long? DueAt
    {
        get
        {
            lock (_gate)
            {
                return _dueAt;
            }
        }
    }

    /// <summary>Records that messages up to <paramref name="seq"/> of a conversation were delivered.</summary>
    public AckDecision Record(string conversationId, long seq)
    {
        lock (_gate)
        {
            if (!_cursors.TryGetValue(conversationId, out long known) || seq > known)
            {
                _cursors[conversationId] = seq;
            }

            _messages++;
            if (_messages >= MaxBatch)
            {
                return AckDecision.FlushNow;
            }

            if (_dueAt is null)
            {
                _dueAt = Time.GetTimestamp() + _maxDelayTicks;
                return AckDecision.ArmTimer;
            }

            return AckDecision.None;
        }
    }

    /// <summary>Takes the batch if it is due at <paramref name="now"/>.</summary>
    public AckRequest? TakeIfDue(long now)
    {
        lock (_gate)
        {
            return _dueAt is { } due && due <= now ? TakeLocked() : null;
        }
    }

    /// <summary>Takes whatever waits, due or not (a full batch, or a last flush before closing).</summary>
    public AckRequest? Take()
    {
        lock (_gate)
        {
            return TakeLocked();
        }
    }

    /// <summary>Puts a batch back that could not be sent, keeping any newer cursors recorded meanwhile.</summary>
    public void Restore(AckRequest batch)
    {
        lock (_gate)
        {
            foreach (var cursor in batch.Cursors)
            {
                if (!_cursors.TryGetValue(cursor.ConversationId, out long known) || cursor.Seq > known)
                {
                    _cursors[cursor.ConversationId] = cursor.Seq;
                }
            }
        }
    }

    /// <summary>Forgets everything (another user logged in).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _cursors.Clear();
            _messages = 0;
            _dueAt = null;
        }
    }

    private AckRequest? TakeLocked()
    {
        _messages = 0;
        _dueAt = null;
        if (_cursors.Count == 0)
        {
            return null;
        }

        var batch = new AckRequest();
        foreach (var (conversationId, seq) in _cursors.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            batch.Cursors.Add(new ConversationCursor { ConversationId = conversationId, Seq = seq });
        }

        _cursors.Clear();
        return batch;
    }
}
