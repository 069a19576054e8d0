namespace Relink.Testing;

/// <summary>Which connections a fault set on a <see cref="TcpFaultProxy"/> reaches. Flags.</summary>
[Flags]
public enum FaultScope
{
    /// <summary>Connections open at the moment the fault is set.</summary>
    Existing = 1,

    /// <summary>Connections accepted afterwards: the fault becomes part of the proxy's setting for new connections.</summary>
    New = 2,

    /// <summary>Both open and future connections.</summary>
    ExistingAndNew = Existing | New,
}
