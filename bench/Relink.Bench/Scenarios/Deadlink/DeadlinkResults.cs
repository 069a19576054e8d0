using Relink.Bench.Measurement;

namespace Relink.Bench.Scenarios.Deadlink;

/// <summary>One server under one heartbeat setting: when each end noticed each black-holed connection.</summary>
/// <param name="Setting">The heartbeat setting.</param>
/// <param name="Peer">"Relink" or "SignalR".</param>
/// <param name="Connections">Connections black-holed.</param>
/// <param name="ClientNoticed">Seconds from the black hole until each client noticed, ascending.</param>
/// <param name="ServerNoticed">Seconds from the black hole until the server dropped each connection, ascending (from its /healthz count).</param>
/// <param name="Note">Why the measurement stopped before every end noticed, if it did.</param>
internal sealed record DeadlinkResult(DeadlinkSetting Setting, string Peer, int Connections, double[] ClientNoticed, double[] ServerNoticed, string? Note);

/// <summary>A whole dead-link run.</summary>
internal sealed record DeadlinkRun(DeadlinkSettings Settings, string CommandLine, MachineInfo Machine, DateTimeOffset Started, TimeSpan Duration, double LoadAverageAtEnd, IReadOnlyList<DeadlinkResult> Results);
