using Relink.Storage.Sqlite.Writing;

namespace Relink.Storage.Tests.Sqlite;

/// <summary>
/// A WAL sync a test controls: each sync waits for <see cref="Release"/> (or runs at once while open) and then
/// succeeds or throws as <see cref="FailNext"/> says. The real file's sync runs too on success, so a reopened
/// store finds what was acknowledged.
/// </summary>
internal sealed class HeldWalSync(string databasePath) : IWalSync
{
    private readonly WalFileSync _real = new(databasePath);
    private readonly SemaphoreSlim _permits = new(0, int.MaxValue);
    private int _started;
    private volatile bool _open = true;
    private volatile bool _failNext;

    /// <summary>Syncs begun so far (including one now held).</summary>
    public int Started => Volatile.Read(ref _started);

    /// <summary>From now on every sync waits for a <see cref="Release"/>.</summary>
    public void Hold() => _open = false;

    /// <summary>Lets one held sync (or the next one) finish.</summary>
    public void Release() => _permits.Release();

    /// <summary>Stops holding and lets every waiting sync finish.</summary>
    public void Open()
    {
        _open = true;
        _permits.Release(1000);
    }

    /// <summary>The next sync throws, as a failing disk's fdatasync would.</summary>
    public void FailNext() => _failNext = true;

    public void Sync()
    {
        Interlocked.Increment(ref _started);
        if (!_open)
        {
            _permits.Wait();
        }

        if (_failNext)
        {
            _failNext = false;
            throw new IOException("fdatasync failed (injected)");
        }

        _real.Sync();
    }

    public void Dispose()
    {
        _real.Dispose();
        _permits.Dispose();
    }
}
