namespace Relink.Storage.Sqlite.Writing;

/// <summary>
/// Makes everything written to the WAL so far durable (the overlapped mode's sync step). Behind an interface so a
/// test can hold a sync, or fail it, and watch what the writer's callers see meanwhile.
/// </summary>
internal interface IWalSync : IDisposable
{
    /// <summary>Blocks until every WAL byte written before the call is on stable storage; throws when it is not.</summary>
    void Sync();
}
