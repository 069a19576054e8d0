namespace Relink.Storage;

/// <summary>
/// A store that several server processes share (PostgreSQL for a cluster). Work that must happen once however
/// many nodes start together, such as seeding demo data into an empty store, runs under <see cref="LockStartupAsync"/>.
/// </summary>
public interface ISharedChatStore
{
    /// <summary>
    /// Waits until no other process sharing the store holds the start-up lock, then holds it until disposed (or the
    /// process dies). Migrations take a lock of their own inside <see cref="IChatStore.InitializeAsync"/>.
    /// </summary>
    Task<IAsyncDisposable> LockStartupAsync(CancellationToken cancellationToken = default);
}
