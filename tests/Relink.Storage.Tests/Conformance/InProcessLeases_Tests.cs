namespace Relink.Storage.Tests.Conformance;

/// <summary>The lease conformance suite on the in-memory leases a single-process store (SQLite) uses.</summary>
public sealed class InProcessLeases_Tests : LeaseStore_Conformance_Tests
{
    /// <inheritdoc />
    protected override Task<(ILeaseStore A, ILeaseStore B)> CreateNodesAsync()
    {
        var leases = new InProcessLeases();
        return Task.FromResult<(ILeaseStore, ILeaseStore)>((leases, leases));
    }
}
