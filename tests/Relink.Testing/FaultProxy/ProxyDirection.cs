namespace Relink.Testing;

/// <summary>Which way through a <see cref="TcpFaultProxy"/> a fault applies. Flags: <see cref="Both"/> is the two combined.</summary>
[Flags]
public enum ProxyDirection
{
    /// <summary>Bytes the client (whoever connected to the proxy) sends to the server (the proxy's target).</summary>
    ToServer = 1,

    /// <summary>Bytes the server sends back to the client.</summary>
    ToClient = 2,

    /// <summary>Both directions.</summary>
    Both = ToServer | ToClient,
}
