namespace Relink.Client.Inbox;

/// <summary>What became of a message offered to a <see cref="ConversationSequencer"/>.</summary>
internal enum OfferOutcome
{
    /// <summary>At or below the cursor, or already waiting: dropped, so nothing comes out twice.</summary>
    Duplicate,

    /// <summary>Taken; it comes out when everything before it has.</summary>
    Accepted,

    /// <summary>Too far ahead while too many wait already: dropped, to be pulled from the server later.</summary>
    Dropped,
}

/// <summary>A message waiting its turn, and whether this client sent it (then it is not raised as received).</summary>
internal readonly record struct SequencedMessage(ChatMessage Message, bool Own);

/// <summary>
/// Puts one conversation's messages in order. The cursor is the highest seq handed out; a message at or below it
/// is a duplicate; the next one (cursor + 1) goes out at once and takes its waiting successors with it; one
/// further ahead waits, and the hole before it is to be pulled from the server (<see cref="TryBeginPull"/>,
/// one pull at a time). Pure bookkeeping: no I/O, no locks (the inbox serialises calls).
/// </summary>
internal sealed class ConversationSequencer
{
    private readonly SortedList<long, SequencedMessage> _waiting = [];
    private readonly int _capacity;

    /// <param name="conversationId">The canonical conversation id (for acknowledgements).</param>
    /// <param name="peer">The conversation as this user addresses it (for history pulls).</param>
    /// <param name="cursor">The highest seq already delivered.</param>
    /// <param name="capacity">How many out-of-order messages may wait; beyond that the store is the buffer.</param>
    /// <param name="cursorKnown">False for a conversation first met in a push or a send: its messages wait,
    /// whatever their seq, until <see cref="LearnServerCursor"/> says where this device's delivery starts.</param>
    public ConversationSequencer(string conversationId, Peer peer, long cursor, int capacity, bool cursorKnown = true)
    {
        ConversationId = conversationId;
        ArgumentOutOfRangeException.ThrowIfNegative(cursor);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Peer = peer;
        Cursor = cursor;
        KnownLastSeq = cursor;
        CursorKnown = cursorKnown;
        _capacity = capacity;
    }

    /// <summary>The canonical conversation id.</summary>
    public string ConversationId { get; }

    /// <summary>The conversation as this user addresses it.</summary>
    public Peer Peer { get; }

    /// <summary>The highest seq delivered; everything at or below it has come out exactly once.</summary>
    public long Cursor { get; private set; }

    /// <summary>The highest seq known to exist (from messages seen, the talk list, history pages).</summary>
    public long KnownLastSeq { get; private set; }

    /// <summary>
    /// Whether this device's delivery cursor is known. A conversation first met in a push cannot start at that
    /// push: pushes of one conversation may arrive out of seq order (two senders' messages committed together),
    /// so an earlier one may still be on its way, and skipping it would acknowledge it unseen.
    /// </summary>
    public bool CursorKnown { get; private set; }

    /// <summary>Whether a history pull for this conversation is under way.</summary>
    public bool PullInFlight { get; private set; }

    /// <summary>How many messages wait for an earlier one.</summary>
    public int WaitingCount => _waiting.Count;

    /// <summary>Whether the last <see cref="Drain"/> stopped because the receiver refused the next message.</summary>
    public bool IsStalled { get; private set; }

    /// <summary>Whether messages are known to exist after the cursor but the next one is not at hand.</summary>
    public bool NeedsPull => CursorKnown && Cursor < KnownLastSeq && !NextIsWaiting;

    private bool NextIsWaiting => CursorKnown && _waiting.Count > 0 && _waiting.Keys[0] == Cursor + 1;

    /// <summary>Offers a message and delivers whatever is now in order (see <see cref="Drain"/>).</summary>
    public OfferOutcome Accept(ChatMessage message, bool own, Func<SequencedMessage, bool> deliver)
    {
        OfferOutcome outcome = Offer(message, own);
        if (outcome == OfferOutcome.Accepted)
        {
            Drain(deliver);
        }

        return outcome;
    }

    /// <summary>Takes a message into the waiting set unless it is a duplicate; delivers nothing.</summary>
    public OfferOutcome Offer(ChatMessage message, bool own)
    {
        long seq = message.Seq;
        if (seq <= Cursor)
        {
            return OfferOutcome.Duplicate;
        }

        NoteLastSeq(seq);
        if (_waiting.TryGetValue(seq, out SequencedMessage already))
        {
            if (own && !already.Own)
            {
                _waiting[seq] = already with { Own = true };
            }

            return OfferOutcome.Duplicate;
        }

        if (_waiting.Count >= _capacity && seq != Cursor + 1)
        {
            return OfferOutcome.Dropped;
        }

        _waiting.Add(seq, new SequencedMessage(message, own));
        return OfferOutcome.Accepted;
    }

    /// <summary>
    /// Hands out the waiting messages that follow the cursor without a hole, in seq order, advancing the cursor
    /// past each one <paramref name="deliver"/> accepts. Stops at a hole, or when <paramref name="deliver"/>
    /// returns false (the receiver is full: the message stays waiting and <see cref="IsStalled"/> is set).
    /// </summary>
    /// <returns>How many messages went out.</returns>
    public int Drain(Func<SequencedMessage, bool> deliver)
    {
        IsStalled = false;
        int delivered = 0;
        while (NextIsWaiting)
        {
            if (!deliver(_waiting.Values[0]))
            {
                IsStalled = true;
                break;
            }

            _waiting.RemoveAt(0);
            Cursor++;
            delivered++;
        }

        return delivered;
    }

    /// <summary>Records that messages up to <paramref name="lastSeq"/> exist.</summary>
    public void NoteLastSeq(long lastSeq) => KnownLastSeq = Math.Max(KnownLastSeq, lastSeq);

    /// <summary>
    /// Moves the cursor forward to <paramref name="cursor"/> (a delivery cursor the server reports), dropping
    /// waiting messages it covers. Never moves it back: what was delivered stays delivered.
    /// </summary>
    public void AdvanceCursorTo(long cursor)
    {
        if (cursor <= Cursor)
        {
            return;
        }

        Cursor = cursor;
        NoteLastSeq(cursor);
        while (_waiting.Count > 0 && _waiting.Keys[0] <= cursor)
        {
            _waiting.RemoveAt(0);
        }
    }

    /// <summary>
    /// The server has nothing this user may see up to <paramref name="seq"/> (a group's history from before their
    /// join): the cursor moves there, as if those seqs had been handed out, instead of waiting for them.
    /// </summary>
    public void SkipHidden(long seq) => AdvanceCursorTo(seq);

    /// <summary>
    /// The server's delivery cursor for this device (from the login's talk list or a sync): moves the cursor
    /// forward to it (<see cref="AdvanceCursorTo"/>) and, for a conversation first met in a push, fixes where
    /// delivery starts.
    /// </summary>
    public void LearnServerCursor(long cursor)
    {
        CursorKnown = true;
        AdvanceCursorTo(cursor);
    }

    /// <summary>Starts a pull of the hole after the cursor, unless one is under way or none is needed.</summary>
    /// <param name="afterSeq">The seq to pull after (the cursor).</param>
    public bool TryBeginPull(out long afterSeq)
    {
        if (PullInFlight || !NeedsPull)
        {
            afterSeq = 0;
            return false;
        }

        PullInFlight = true;
        afterSeq = Cursor;
        return true;
    }

    /// <summary>Marks the pull under way as finished (answered or failed).</summary>
    public void EndPull() => PullInFlight = false;
}
