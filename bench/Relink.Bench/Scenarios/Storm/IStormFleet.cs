namespace Relink.Bench.Scenarios.Storm;

/// <summary>One peer's storm clients: each logged in, with a partner, reporting to a <see cref="StormRecorder"/>.</summary>
internal interface IStormFleet : IAsyncDisposable
{
    /// <summary>Logs every client in (and makes partners friends where the server needs it).</summary>
    Task ConnectAsync(CancellationToken cancellationToken);

    /// <summary>Every client sends its <see cref="StormMessage.BeforeKill"/> message; returns without waiting for acks.</summary>
    void SendBeforeKill();
}
