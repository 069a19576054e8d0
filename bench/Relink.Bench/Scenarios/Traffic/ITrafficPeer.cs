using Relink.Bench.Load.Traffic;
using Relink.Bench.Measurement;

namespace Relink.Bench.Scenarios.Traffic;

/// <summary>
/// A server under traffic (its own process) and how the traffic scenarios set up users on it: a pair of friends, a
/// group with a sender and members. Each method returns connections already logged in and reading.
/// </summary>
internal interface ITrafficPeer : IAsyncDisposable
{
    /// <summary>Short name for tables: "Relink", "SignalR".</summary>
    string Name { get; }

    /// <summary>The server process, for its CPU time.</summary>
    int ProcessId { get; }

    /// <summary>CPU time so far of the database's own processes, when the server stores in another process (PostgreSQL); zero otherwise.</summary>
    TimeSpan StoreCpuTime() => TimeSpan.Zero;

    /// <summary>The server's diagnostics, for its allocated bytes.</summary>
    IServerProbe Probe { get; }

    /// <summary>What happens to a message before its ack, for the report ("SQLite, FULL sync", "in memory").</summary>
    string Storage { get; }

    /// <summary>Opens pair number <paramref name="pair"/>: a sender and a receiver who are friends; the sender sends to the receiver.</summary>
    Task<(ITrafficConnection Sender, ITrafficConnection Receiver)> OpenPairAsync(int pair, TrafficRecorder recorder, CancellationToken cancellationToken);

    /// <summary>Opens the group's sender and creates the group (once per server).</summary>
    Task<ITrafficConnection> OpenGroupSenderAsync(TrafficRecorder recorder, CancellationToken cancellationToken);

    /// <summary>Opens member number <paramref name="member"/> and joins it to the group made by <see cref="OpenGroupSenderAsync"/>.</summary>
    Task<ITrafficConnection> OpenGroupMemberAsync(int member, TrafficRecorder recorder, CancellationToken cancellationToken);
}
