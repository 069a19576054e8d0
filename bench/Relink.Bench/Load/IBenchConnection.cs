namespace Relink.Bench.Load;

/// <summary>One logged-in load connection, whatever the server it talks to.</summary>
internal interface IBenchConnection : IAsyncDisposable
{
    /// <summary>Sends one heartbeat ping. Never throws: a failed send counts as a drop in <see cref="LoadCounters"/>.</summary>
    ValueTask SendPingAsync();
}
