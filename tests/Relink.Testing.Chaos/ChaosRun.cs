using System.Diagnostics;
using Relink.Client;
using Relink.Testing.Server;

namespace Relink.Testing.Chaos;

/// <summary>
/// One chaos run: a server process behind our fault proxy, SDK clients that chat 1:1 and in a group while faults from a
/// seeded schedule hit the links and the server (SIGKILL and restart), then a settle period, then the checker's
/// verdict for every message: acked to its sender, delivered to every recipient exactly once, in order.
/// </summary>
public sealed class ChaosRun
{
    private const string Password = "chaos-pw";

    private readonly ChaosOptions _options;
    private readonly TextWriter _log;
    private readonly DeliveryChecker _checker = new();
    private readonly Dictionary<FaultKind, int> _faults = [];
    private readonly Dictionary<FaultKind, TimeSpan> _recovery = [];
    private readonly Random _random;
    private readonly CancellationToken _cancellationToken;
    private int _outboxFullWaits;
    private int _unavailableRetries;

    /// <summary>How long a send refused with <see cref="ErrorCode.Unavailable"/> waits before it is made again.</summary>
    private static readonly TimeSpan UnavailableRetryPause = TimeSpan.FromMilliseconds(250);

    /// <summary>Per client, how many times it has entered Connected: a cut link is recovered once this moves on.</summary>
    private readonly int[] _connects;

    /// <summary>Per client, the timestamp (<see cref="Stopwatch.GetTimestamp"/>) it last lost its link.</summary>
    private readonly long[] _droppedAt;

    /// <summary>Per client, the timestamp it last entered Connected (logged in again or resumed).</summary>
    private readonly long[] _connectedAt;

    private readonly List<NodeKillRecovery> _nodeKills = [];

    private ChaosRun(ChaosOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        _options = options;
        _log = log;
        _cancellationToken = cancellationToken;
        _connects = new int[options.Clients];
        _droppedAt = new long[options.Clients];
        _connectedAt = new long[options.Clients];
        _random = new Random(options.Seed);
    }

    /// <summary>Runs the harness and returns what happened; the caller decides what is acceptable.</summary>
    /// <param name="options">How big and how hostile.</param>
    /// <param name="log">Where progress goes: the seed first, then a line per fault.</param>
    /// <param name="cancellationToken">Stops the run early (its server process is stopped on the way out).</param>
    public static Task<ChaosReport> RunAsync(ChaosOptions options, TextWriter log, CancellationToken cancellationToken = default) =>
        new ChaosRun(options, log, cancellationToken).RunAsync();

    private async Task<ChaosReport> RunAsync()
    {
        var clock = Stopwatch.StartNew();
        _log.WriteLine($"chaos: seed {_options.Seed}, {_options.Clients} clients, {_options.Messages} messages over {_options.Span.TotalSeconds:0} s, {_options.FaultsPerKind} faults of each of {_options.Kinds.Count} kinds");
        if (_options.Nodes is 1 or < 0)
        {
            throw new ArgumentException("Nodes: 0 for one server, or 2 or more for a cluster.");
        }

        var unsupported = _options.Kinds.Where(kind => !ChaosTarget.Supports(_options.Nodes, kind)).Distinct().ToList();
        if (unsupported.Count > 0)
        {
            throw new ArgumentException($"Fault kinds {string.Join(", ", unsupported)} do not apply to {(_options.Nodes == 0 ? "one server" : "a cluster")}: {(_options.Nodes == 0 ? "node, bus and store faults need Nodes of 2 or more" : "KillServer is for one server; a cluster has KillNode")}.");
        }

        await using var target = await ChaosTarget.StartAsync(_options.Nodes);
        _log.WriteLine($"chaos: against {target.Description}");
        var proxy = target.Proxy;

        string[] users = [.. Enumerable.Range(0, _options.Clients).Select(i => $"c{_options.Seed}u{i}")];
        string groupId = await SetUpUsersAsync(target.SetupEndpoint, users);
        var clients = new List<RelinkClient>();
        foreach (string user in users)
        {
            var client = new RelinkClient(new RelinkClientOptions
            {
                Server = $"127.0.0.1:{proxy.Port}",
                DeviceId = "chaos",

                // Faults come seconds apart here; a person-facing 30 s cap would leave clients waiting through several.
                ReconnectPolicy = new ExponentialBackoffReconnectPolicy(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(2)),
            });
            await client.ConnectAsync();
            await client.LoginAsync(user, Password);
            int index = clients.Count;
            client.StateChanged += (_, change) =>
            {
                if (change.Current is ConnectionState.Connected)
                {
                    Volatile.Write(ref _connectedAt[index], Stopwatch.GetTimestamp());
                    Interlocked.Increment(ref _connects[index]);
                }
                else if (change.Previous is ConnectionState.Connected)
                {
                    Volatile.Write(ref _droppedAt[index], Stopwatch.GetTimestamp());
                }
            };
            clients.Add(client);
        }

        using var stop = new CancellationTokenSource();
        var receivers = clients.Select((c, i) => ReceiveAsync(c, users[i], stop.Token)).ToList();
        var schedule = FaultSchedule.Create(_options.Seed, _options.Span, _options.FaultsPerKind, _options.Kinds, TimeSpan.FromTicks(_options.Span.Ticks / Math.Max(1, _options.FaultsPerKind * _options.Kinds.Count) / 2));
        var faulting = InjectAsync(schedule, target, clients);
        var sends = await SendAllAsync(clients, users, groupId);

        await faulting;
        proxy.ClearFaults();
        var settle = Task.WhenAll(sends);
        if (await Task.WhenAny(settle, Task.Delay(_options.SettleDeadline, _cancellationToken)) != settle)
        {
            _log.WriteLine("chaos: some sends were still unacknowledged at the settle deadline");
        }

        var deadline = DateTime.UtcNow + _options.SettleDeadline;
        while (_checker.Check() is { Lost: > 0 } && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, _cancellationToken);
        }

        await LogMissingAsync(clients, users);
        await stop.CancelAsync();
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }

        await Task.WhenAll(receivers);
        var report = new ChaosReport(_options.Seed, _checker.Check(), _faults, _recovery, clock.Elapsed, _outboxFullWaits, _unavailableRetries, _nodeKills);
        _log.WriteLine("chaos: " + report);
        return report;
    }

    /// <summary>For a run that lost something: which deliveries, and what the recipient's session says of that talk.</summary>
    private async Task LogMissingAsync(List<RelinkClient> clients, string[] users)
    {
        foreach (var (recipient, conversation, clientMsgId, seq) in _checker.Missing(10))
        {
            string talk = "?";
            try
            {
                var client = clients[Array.IndexOf(users, recipient)];
                var found = (await client.GetTalksAsync()).FirstOrDefault(t => t.ConversationId == conversation);
                talk = found is null
                    ? $"no such talk; state {client.State}"
                    : $"talk last_seq {found.LastSeq}, delivered_seq {found.DeliveredSeq}; state {client.State}";
            }
            catch (RelinkException e)
            {
                talk = "talk list unavailable: " + e.Message;
            }

            _log.WriteLine($"chaos: MISSING {clientMsgId} (seq {seq}) in {conversation} for {recipient}: {talk}");
        }
    }

    private static async Task<string> SetUpUsersAsync(string endpoint, string[] users)
    {
        var first = new List<RelinkClient>();
        try
        {
            foreach (string user in users)
            {
                var client = new RelinkClient(new RelinkClientOptions { Server = endpoint, DeviceId = "setup", ReceiveMessages = false });
                await client.ConnectAsync();
                await client.RegisterAsync(user, Password);
                await client.LoginAsync(user, Password);
                first.Add(client);
            }

            for (int i = 0; i < users.Length; i++)
            {
                for (int j = i + 1; j < users.Length; j++)
                {
                    await first[i].AddFriendAsync(users[j]);
                    await first[j].AcceptFriendAsync(users[i]);
                }
            }

            return (await first[0].CreateGroupAsync("chaos", users.Skip(1))).GroupId;
        }
        finally
        {
            foreach (var client in first)
            {
                await client.DisposeAsync();
            }
        }
    }

    private async Task ReceiveAsync(RelinkClient client, string me, CancellationToken stop)
    {
        try
        {
            await foreach (var message in client.ReadMessagesAsync(stop))
            {
                _checker.Delivered(me, message.ConversationId, message.ClientMsgId, message.Seq);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Paces the messages over the span; each send is recorded, and its ack when it comes.</summary>
    private async Task<List<Task>> SendAllAsync(List<RelinkClient> clients, string[] users, string groupId)
    {
        var sends = new List<Task>(_options.Messages);
        var pace = TimeSpan.FromTicks(_options.Span.Ticks / _options.Messages);
        var start = Stopwatch.StartNew();
        for (int i = 0; i < _options.Messages; i++)
        {
            int from = _random.Next(users.Length);
            string clientMsgId = $"s{_options.Seed}m{i}";
            Peer peer;
            string conversation;
            IReadOnlyCollection<string> recipients;
            if (i % 2 == 0)
            {
                peer = Peers.Group(groupId);
                conversation = "g:" + groupId;
                recipients = [.. users.Where((_, k) => k != from)];
            }
            else
            {
                int to = (from + 1 + _random.Next(users.Length - 1)) % users.Length;
                peer = Peers.User(users[to]);
                conversation = string.CompareOrdinal(users[from], users[to]) < 0 ? $"d:{users[from]}:{users[to]}" : $"d:{users[to]}:{users[from]}";
                recipients = [users[to]];
            }

            _checker.Sent(clientMsgId, conversation, users[from], recipients);
            sends.Add(SendOneAsync(clients[from], peer, clientMsgId, i));

            var due = pace * (i + 1) - start.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, _cancellationToken);
            }
        }

        return sends;
    }

    private async Task SendOneAsync(RelinkClient client, Peer peer, string clientMsgId, int index)
    {
        try
        {
            while (true)
            {
                try
                {
                    var stored = await client.SendAsync(peer, MessageType.Text, $"chaos message {index}", clientMsgId);
                    _checker.Acked(clientMsgId, stored.Seq);
                    return;
                }
                catch (RelinkOutboxFullException full)
                {
                    // Back-pressure, as an app should take it: nothing was queued, so wait for room and send again.
                    Interlocked.Increment(ref _outboxFullWaits);
                    await RoomInOutboxAsync(client, full.Capacity);
                }
                catch (RelinkException e) when (e.Code is ErrorCode.Unavailable)
                {
                    // The store is down ("try again"): nothing was stored, so send again with the same client id, as
                    // an app should, after a pause that lets a restarting store come back.
                    Interlocked.Increment(ref _unavailableRetries);
                    await Task.Delay(UnavailableRetryPause, _cancellationToken);
                }
            }
        }
        catch (RelinkException e)
        {
            _log.WriteLine($"chaos: send {clientMsgId} failed: {e.Message}");
        }
    }

    private async Task RoomInOutboxAsync(RelinkClient client, int capacity)
    {
        var room = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        EventHandler<PendingMessagesChangedEventArgs> onChange = (_, change) =>
        {
            if (change.Count < capacity)
            {
                room.TrySetResult();
            }
        };
        client.PendingMessagesChanged += onChange;
        try
        {
            if (client.PendingMessages.Count < capacity)
            {
                return;
            }

            await room.Task.WaitAsync(_cancellationToken);
        }
        finally
        {
            client.PendingMessagesChanged -= onChange;
        }
    }

    private async Task InjectAsync(IReadOnlyList<ScheduledFault> schedule, ChaosTarget target, List<RelinkClient> clients)
    {
        var start = Stopwatch.StartNew();
        foreach (var fault in schedule)
        {
            var wait = fault.At - start.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _cancellationToken);
            }

            _faults[fault.Kind] = _faults.GetValueOrDefault(fault.Kind) + 1;
            _log.WriteLine($"chaos: {start.Elapsed.TotalSeconds,6:0.0} s {fault.Kind} for {fault.Duration.TotalMilliseconds:0} ms ({_checker.Progress})");
            int[] connectsBefore = (int[])_connects.Clone();
            long faultAt = Stopwatch.GetTimestamp(); // a node kill is the first thing its fault does
            await ApplyAsync(fault, target);
            var recovery = Stopwatch.StartNew();

            // A fault that cuts every link is over for a client only when it has connected again; right after a
            // reset a client may not have read its RST yet and still look connected. A node kill cuts only the
            // links through that node, which the harness cannot tell apart: the node was down for the fault's
            // duration, long enough for its clients to see their links reset, so being connected is the test there.
            bool cutsLinks = fault.Kind is FaultKind.Reset or FaultKind.BlackHole or FaultKind.KillServer;
            await Eventually.TrueAsync(
                () => clients.Select((c, i) => c.State is ConnectionState.Connected && (!cutsLinks || Volatile.Read(ref _connects[i]) > connectsBefore[i])).All(back => back),
                $"all clients connected again after {fault.Kind}",
                TimeSpan.FromSeconds(60));
            _recovery[fault.Kind] = TimeSpan.FromTicks(Math.Max(_recovery.GetValueOrDefault(fault.Kind).Ticks, recovery.Elapsed.Ticks));
            if (fault.Kind is FaultKind.KillNode)
            {
                var kill = NodeKillRecoverySince(faultAt);
                _nodeKills.Add(kill);
                _log.WriteLine($"chaos: {kill}");
            }
        }
    }

    /// <summary>
    /// The clients the node kill at <paramref name="killedAt"/> cut (those whose link dropped since; no other fault
    /// runs meanwhile) and how long after the kill the last of them was connected again. Called once every client is
    /// connected, so each one's latest connection is its return.
    /// </summary>
    private NodeKillRecovery NodeKillRecoverySince(long killedAt)
    {
        int dropped = 0;
        long lastBack = killedAt;
        for (int i = 0; i < _droppedAt.Length; i++)
        {
            if (Volatile.Read(ref _droppedAt[i]) > killedAt)
            {
                dropped++;
                lastBack = Math.Max(lastBack, Volatile.Read(ref _connectedAt[i]));
            }
        }

        return new NodeKillRecovery(dropped, Stopwatch.GetElapsedTime(killedAt, lastBack));
    }

    private async Task ApplyAsync(ScheduledFault fault, ChaosTarget target)
    {
        var proxy = target.Proxy;
        switch (fault.Kind)
        {
            case FaultKind.Reset:
                proxy.ResetAll();
                return;
            case FaultKind.KillServer or FaultKind.KillNode or FaultKind.RestartBus or FaultKind.RestartStore:
                _log.WriteLine($"chaos: {await target.ApplyAsync(fault.Kind, fault.Duration)}");
                return;
            case FaultKind.BlackHole:
                proxy.BlackHole();
                await Task.Delay(fault.Duration + TimeSpan.FromSeconds(3)); // past the 3 s heartbeat timeout: both ends must notice
                proxy.Restore();
                return;
            case FaultKind.Delay:
                proxy.Delay(TimeSpan.FromMilliseconds(80));
                break;
            case FaultKind.BandwidthCap:
                proxy.BandwidthLimit(16 * 1024);
                break;
            case FaultKind.SplitWrites:
                proxy.SplitWrites(1);
                break;
            case FaultKind.CoalesceWrites:
                proxy.CoalesceWrites(TimeSpan.FromMilliseconds(30));
                break;
        }

        await Task.Delay(fault.Duration);
        proxy.ClearFaults();
    }
}
