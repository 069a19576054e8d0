using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Relink.Bench.Scenarios.Storm;

/// <summary>The two messages each client sends to its partner.</summary>
internal enum StormMessage
{
    /// <summary>Sent moments before the kill, while the burst is still in flight.</summary>
    BeforeKill = 0,

    /// <summary>Sent as soon as the sender is back, when its partner may not be yet.</summary>
    AfterReturn = 1,
}

/// <summary>
/// What happens to one peer's clients around the kill, counted from their events: reconnect attempts, when each
/// client is back (or gave up), and for each message (one per client and <see cref="StormMessage"/>) whether its
/// sender saw it acknowledged or failed and how often its addressee received it.
/// </summary>
internal sealed class StormRecorder
{
    private const int Attempted = 1, Acked = 2, Failed = 3;

    private readonly long[] _backAt;
    private readonly int[] _gaveUp;
    private readonly int[][] _sendState = [[], []];
    private readonly int[][] _deliveries = [[], []];
    private readonly ConcurrentQueue<long> _attempts = new();
    private readonly ConcurrentDictionary<string, int> _gaveUpWhy = new(StringComparer.Ordinal);
    private long _lastDelivery = Stopwatch.GetTimestamp();
    private volatile bool _armed;
    private int _loggedInAgain;

    /// <summary>Creates the record for <paramref name="clients"/> clients.</summary>
    public StormRecorder(int clients)
    {
        Clients = clients;
        _backAt = new long[clients];
        _gaveUp = new int[clients];
        for (int kind = 0; kind < 2; kind++)
        {
            _sendState[kind] = new int[clients];
            _deliveries[kind] = new int[clients];
        }
    }

    /// <summary>How many clients take part.</summary>
    public int Clients { get; }

    /// <summary>The text of <paramref name="sender"/>'s message of <paramref name="kind"/>; <see cref="Delivered"/> reads it back.</summary>
    public static string Text(StormMessage kind, int sender) =>
        (kind == StormMessage.BeforeKill ? "pre:" : "post:") + sender.ToString(CultureInfo.InvariantCulture);

    /// <summary>The partner of client <paramref name="client"/>: the next one, round the ring.</summary>
    public int PartnerOf(int client) => (client + 1) % Clients;

    /// <summary>Starts counting attempts and returns (the logins of the setup are not part of the storm).</summary>
    public void Arm() => _armed = true;

    /// <summary>
    /// A client waits <paramref name="wait"/> before its next attempt after <paramref name="error"/>: tallied by the
    /// kind of failure (its text up to the first digit or colon), so the report can say where the clients' time went.
    /// </summary>
    public void Waiting(string error, TimeSpan wait)
    {
        if (!_armed)
        {
            return;
        }

        int cut = error.AsSpan().IndexOfAny(KindEnds);
        string kind = cut > 0 ? error[..cut].Trim() : error;
        lock (_waits)
        {
            var (count, total, longest) = _waits.GetValueOrDefault(kind);
            _waits[kind] = (count + 1, total + wait, wait > longest ? wait : longest);
        }
    }

    /// <summary>The waits tallied by <see cref="Waiting"/>: per kind of failure, how many, their total and the longest.</summary>
    public IReadOnlyList<(string Kind, int Count, TimeSpan Total, TimeSpan Longest)> Waits()
    {
        lock (_waits)
        {
            return [.. _waits.Select(w => (w.Key, w.Value.Count, w.Value.Total, w.Value.Longest)).OrderByDescending(w => w.Item2)];
        }
    }

    private static readonly System.Buffers.SearchValues<char> KindEnds = System.Buffers.SearchValues.Create("0123456789:(");
    private readonly Dictionary<string, (int Count, TimeSpan Total, TimeSpan Longest)> _waits = new(StringComparer.Ordinal);

    /// <summary>A connect attempt started.</summary>
    public void Attempt()
    {
        if (_armed)
        {
            _attempts.Enqueue(Stopwatch.GetTimestamp());
        }
    }

    /// <summary>
    /// Client <paramref name="client"/> is connected and logged in again, by a new login rather than a resume when
    /// <paramref name="loggedInAgain"/>; true the first time only.
    /// </summary>
    public bool Back(int client, bool loggedInAgain)
    {
        if (!_armed || Interlocked.CompareExchange(ref _backAt[client], Stopwatch.GetTimestamp(), 0) != 0)
        {
            return false;
        }

        if (loggedInAgain)
        {
            Interlocked.Increment(ref _loggedInAgain);
        }

        return true;
    }

    /// <summary>Clients that came back by a new login (password; SignalR: always) rather than a resume.</summary>
    public int LoggedInAgainCount => Volatile.Read(ref _loggedInAgain);

    /// <summary>Client <paramref name="client"/> stopped trying, for <paramref name="reason"/>.</summary>
    public void GaveUp(int client, string reason)
    {
        if (Interlocked.Exchange(ref _gaveUp[client], 1) == 0)
        {
            _gaveUpWhy.AddOrUpdate(reason, 1, (_, n) => n + 1);
        }
    }

    /// <summary>Why clients gave up, with how many gave each reason, most frequent first.</summary>
    public IReadOnlyList<(string Reason, int Clients)> GaveUpReasons() =>
        [.. _gaveUpWhy.OrderByDescending(kv => kv.Value).Select(kv => (kv.Key, kv.Value))];

    /// <summary>Counts the sender's acknowledgement or failure of a send when <paramref name="send"/> ends.</summary>
    public void Track(StormMessage kind, int sender, Task send)
    {
        Volatile.Write(ref _sendState[(int)kind][sender], Attempted);
        _ = send.ContinueWith(
            (t, state) => Volatile.Write(ref _sendState[(int)kind][(int)state!], t.IsCompletedSuccessfully ? Acked : Failed),
            sender,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>A message arrived; its text says which one.</summary>
    public void Delivered(string text)
    {
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int sender) && sender < Clients)
        {
            int kind = text.StartsWith("pre:", StringComparison.Ordinal) ? 0 : 1;
            Interlocked.Increment(ref _deliveries[kind][sender]);
            Volatile.Write(ref _lastDelivery, Stopwatch.GetTimestamp());
        }
    }

    /// <summary>Clients back after the kill.</summary>
    public int BackCount => _backAt.Count(t => t != 0);

    /// <summary>Clients back or given up: nothing more will change for them.</summary>
    public int SettledCount => Enumerable.Range(0, Clients).Count(i => Volatile.Read(ref _backAt[i]) != 0 || Volatile.Read(ref _gaveUp[i]) != 0);

    /// <summary>Sends of <paramref name="kind"/> the sender saw acknowledged.</summary>
    public int AckedCount(StormMessage kind) => _sendState[(int)kind].Count(s => s == Acked);

    /// <summary>Whether every send has ended (acknowledged or failed).</summary>
    public bool SendsEnded => _sendState.All(states => states.All(s => s != Attempted));

    /// <summary>Whether every message of both kinds arrived at least once.</summary>
    public bool AllDelivered => _deliveries.All(counts => counts.All(c => c > 0));

    /// <summary>Time since the last delivery.</summary>
    public TimeSpan SinceLastDelivery => Stopwatch.GetElapsedTime(Volatile.Read(ref _lastDelivery));

    /// <summary>Reconnect attempts, in seconds after <paramref name="origin"/>.</summary>
    public double[] AttemptsAfter(long origin) => [.. _attempts.Select(t => Stopwatch.GetElapsedTime(origin, t).TotalSeconds).Order()];

    /// <summary>When each client that came back did, in seconds after <paramref name="origin"/>, ascending.</summary>
    public double[] BackAfter(long origin) =>
        [.. _backAt.Where(t => t != 0).Select(t => Stopwatch.GetElapsedTime(origin, t).TotalSeconds).Order()];

    /// <summary>Clients that gave up.</summary>
    public int GaveUpCount => _gaveUp.Count(g => g != 0);

    /// <summary>The fate of each message of <paramref name="kind"/>.</summary>
    public MessageTally Tally(StormMessage kind)
    {
        int[] states = _sendState[(int)kind];
        int[] deliveries = _deliveries[(int)kind];
        return new MessageTally(
            Sent: states.Count(s => s != 0),
            Acked: states.Count(s => s == Acked),
            Failed: states.Count(s => s == Failed),
            DeliveredOnce: deliveries.Count(d => d == 1),
            Duplicated: deliveries.Count(d => d > 1),
            LostAfterAck: Enumerable.Range(0, Clients).Count(i => states[i] == Acked && deliveries[i] == 0),
            NeverDelivered: Enumerable.Range(0, Clients).Count(i => states[i] != 0 && deliveries[i] == 0));
    }
}

/// <summary>What became of one kind of message, counted per message (one per client).</summary>
/// <param name="Sent">Messages the app asked to send.</param>
/// <param name="Acked">Those whose sender got the server's acknowledgement.</param>
/// <param name="Failed">Those whose sender was told the send failed.</param>
/// <param name="DeliveredOnce">Delivered to the addressee exactly once.</param>
/// <param name="Duplicated">Delivered more than once.</param>
/// <param name="LostAfterAck">Acknowledged to the sender, never delivered: silently lost.</param>
/// <param name="NeverDelivered">Not delivered by the deadline, acknowledged or not.</param>
internal sealed record MessageTally(int Sent, int Acked, int Failed, int DeliveredOnce, int Duplicated, int LostAfterAck, int NeverDelivered);
