using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Relink.Bench.Measurement;

namespace Relink.Bench.Scenarios.Scaleout;

/// <summary>
/// What the clients of one peer's run saw, phase by phase: every load message (sent, acknowledged or refused, received
/// how many times), when each load client lost its link and came back, and the latency probes. Message texts carry
/// what is needed to file them: <c>M{phase}:{seq}</c> for load, <c>L{s|x}{timestamp}</c> for a same-node or
/// cross-node probe.
/// </summary>
/// <remarks>
/// Load clients live in worker processes and report here through <see cref="LoadWorkers"/>; every event carries its
/// <see cref="Stopwatch.GetTimestamp"/> from where it happened, which on Linux is CLOCK_MONOTONIC in nanoseconds, the
/// same clock in every process of the machine.
/// </remarks>
internal sealed class ScaleoutRecorder(int loadClients) : IScaleoutEvents
{
    private readonly long[] _droppedAt = new long[loadClients];
    private readonly long[] _backAt = new long[loadClients];
    private readonly bool[] _loggedInAgain = new bool[loadClients];
    private readonly ConcurrentDictionary<long, LoadMessage> _messages = new();
    private int _phase;
    private long _nextSeq;
    private int _gaveUp;
    private string? _gaveUpReason;

    /// <summary>Same-node probe latencies.</summary>
    public LatencyHistogram SameNode { get; } = new();

    /// <summary>Cross-node probe latencies.</summary>
    public LatencyHistogram CrossNode { get; } = new();

    /// <summary>Load clients whose reconnecting stopped for good, and why (the first).</summary>
    public (int Count, string? Reason) GaveUp => (Volatile.Read(ref _gaveUp), _gaveUpReason);

    /// <summary>Starts a phase: forgets the messages, drops and returns of the one before.</summary>
    public void BeginPhase()
    {
        Interlocked.Increment(ref _phase);
        _messages.Clear();
        Array.Clear(_droppedAt);
        Array.Clear(_backAt);
        Array.Clear(_loggedInAgain);
    }

    /// <summary>A new load message from sender <paramref name="sender"/> to load client <paramref name="recipient"/>: its text, to send.</summary>
    public string NewMessage(int recipient, int sender)
    {
        long seq = Interlocked.Increment(ref _nextSeq);
        string text = "M" + Volatile.Read(ref _phase).ToString(CultureInfo.InvariantCulture) + ":" + seq.ToString(CultureInfo.InvariantCulture);
        _messages[seq] = new LoadMessage(text, Stopwatch.GetTimestamp(), recipient, sender);
        return text;
    }

    /// <summary>The server acknowledged the message (Relink: stored; SignalR: the hub method completed).</summary>
    public void Acknowledged(string text)
    {
        if (Find(text) is { } message)
        {
            Interlocked.Exchange(ref message.AckedAt, Stopwatch.GetTimestamp());
        }
    }

    /// <summary>The send failed: the sender knows, so this is not a loss.</summary>
    public void Refused(string text)
    {
        if (Find(text) is { } message)
        {
            Interlocked.Exchange(ref message.Refused, 1);
        }
    }

    /// <inheritdoc />
    public void Received(string text, long now)
    {
        if (text.Length > 2 && text[0] == 'L')
        {
            long sentAt = long.Parse(text.AsSpan(2), CultureInfo.InvariantCulture);
            (text[1] == 's' ? SameNode : CrossNode).Record((long)Stopwatch.GetElapsedTime(sentAt, now).TotalMicroseconds);
        }
        else if (Find(text) is { } message && Interlocked.Increment(ref message.Received) == 1)
        {
            Interlocked.Exchange(ref message.ReceivedAt, now);
        }
    }

    /// <inheritdoc />
    /// <remarks>The first drop in the phase counts.</remarks>
    public void Dropped(int client, long at) => Interlocked.CompareExchange(ref _droppedAt[client], at, 0);

    /// <inheritdoc />
    /// <remarks>The first return after a drop counts, and how it logged in.</remarks>
    public void Back(int client, long at, bool loggedInAgain)
    {
        if (Volatile.Read(ref _droppedAt[client]) != 0 && Interlocked.CompareExchange(ref _backAt[client], at, 0) == 0)
        {
            Volatile.Write(ref _loggedInAgain[client], loggedInAgain);
        }
    }

    /// <inheritdoc />
    public void StoppedForGood(string reason)
    {
        if (Interlocked.Increment(ref _gaveUp) == 1)
        {
            _gaveUpReason = reason;
        }
    }

    /// <summary>Load clients that lost their link in this phase, and how many of them are back.</summary>
    public (int Dropped, int Back) Links()
    {
        int dropped = 0, back = 0;
        for (int i = 0; i < _droppedAt.Length; i++)
        {
            if (Volatile.Read(ref _droppedAt[i]) != 0)
            {
                dropped++;
                back += Volatile.Read(ref _backAt[i]) != 0 ? 1 : 0;
            }
        }

        return (dropped, back);
    }

    /// <summary>Of the dropped clients that are back, how many came back with a new login (their resume refused).</summary>
    public int LoggedInAgain()
    {
        int again = 0;
        for (int i = 0; i < _loggedInAgain.Length; i++)
        {
            again += Volatile.Read(ref _backAt[i]) != 0 && Volatile.Read(ref _loggedInAgain[i]) ? 1 : 0;
        }

        return again;
    }

    /// <summary>Seconds from <paramref name="since"/> until each dropped client came back, ascending.</summary>
    public double[] BackTimes(long since) =>
        [.. _backAt.Where(t => t != 0).Select(t => Stopwatch.GetElapsedTime(since, t).TotalSeconds).Order()];

    /// <summary>Seconds from <paramref name="since"/> until each client in this phase dropped, ascending: how long the dead link took to notice.</summary>
    public double[] DropTimes(long since) =>
        [.. _droppedAt.Where(t => t != 0).Select(t => Stopwatch.GetElapsedTime(since, t).TotalSeconds).Order()];

    /// <summary>Seconds from each client's own drop until it was back, ascending: the reconnect and resume alone.</summary>
    public double[] RejoinTimes() =>
        [.. _droppedAt.Zip(_backAt).Where(p => p.First != 0 && p.Second != 0).Select(p => Stopwatch.GetElapsedTime(p.First, p.Second).TotalSeconds).Order()];

    /// <summary>Acknowledged messages not received yet.</summary>
    public int Missing() => _messages.Values.Count(m => Volatile.Read(ref m.AckedAt) != 0 && Volatile.Read(ref m.Received) == 0);

    /// <summary>The phase's tally so far.</summary>
    /// <param name="from">Only messages sent before this timestamp count for <see cref="MessageTally.LastArrival"/>.</param>
    /// <param name="onTimeUntil">The drain deadline: a message received after it is late.</param>
    public MessageTally Tally(long from, long onTimeUntil)
    {
        int sent = 0, acked = 0, refused = 0, lost = 0, late = 0, duplicated = 0;
        long lastArrival = 0, lastLate = 0;
        foreach (var m in _messages.Values)
        {
            sent++;
            refused += m.Refused;
            if (m.AckedAt == 0)
            {
                continue;
            }

            acked++;
            lost += m.Received == 0 ? 1 : 0;
            if (m.Received > 0 && m.ReceivedAt > onTimeUntil)
            {
                late++;
                lastLate = Math.Max(lastLate, m.ReceivedAt);
            }

            duplicated += m.Received > 1 ? 1 : 0;
            if (m.SentAt < from && m.Received > 0)
            {
                lastArrival = Math.Max(lastArrival, m.ReceivedAt);
            }
        }

        double lateBy = late > 0 ? Stopwatch.GetElapsedTime(onTimeUntil, lastLate).TotalSeconds : 0;
        return new MessageTally(sent, acked, refused, lost, late, duplicated, lastArrival, lateBy);
    }

    /// <summary>
    /// The acknowledged messages that had not arrived by <paramref name="onTimeUntil"/> (the drain deadline): late
    /// ones and lost ones, in the order they were sent, at most <paramref name="max"/>, with what their recipients went through.
    /// </summary>
    public IReadOnlyList<MissingMessage> MissedDeadline(long onTimeUntil, int max) =>
        [.. _messages
            .Where(p => p.Value.AckedAt != 0 && (p.Value.Received == 0 || p.Value.ReceivedAt > onTimeUntil))
            .OrderBy(p => p.Key)
            .Take(max)
            .Select(p => p.Value)
            .Select(m => new MissingMessage(
                m.Text, m.Sender, m.Recipient, m.SentAt, Volatile.Read(ref m.AckedAt), m.Received == 0 ? 0 : Volatile.Read(ref m.ReceivedAt),
                Volatile.Read(ref _droppedAt[m.Recipient]), Volatile.Read(ref _backAt[m.Recipient]), Volatile.Read(ref _loggedInAgain[m.Recipient])))];

    private LoadMessage? Find(string text)
    {
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        return text.Length > 1 && text[0] == 'M' && colon > 0
            && long.TryParse(text.AsSpan(colon + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out long seq)
            && _messages.TryGetValue(seq, out var message)
            ? message
            : null;
    }

    private sealed class LoadMessage(string text, long sentAt, int recipient, int sender)
    {
        public long AckedAt;
        public int Refused;
        public int Received;
        public long ReceivedAt;

        public string Text { get; } = text;

        public long SentAt { get; } = sentAt;

        public int Recipient { get; } = recipient;

        public int Sender { get; } = sender;
    }
}
