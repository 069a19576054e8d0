using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Relink.Storage.Sqlite.Writing;

/// <summary>
/// Syncs the database's <c>-wal</c> file through a descriptor of its own: <c>fdatasync</c> on Linux (the data and the
/// size, not the timestamps SQLite's <c>fsync</c> also flushes), <c>fsync</c> elsewhere. The file is opened at the
/// first sync, once the writer has committed. SQLite never deletes or replaces the WAL while a connection holds the
/// database open, and the writer's connection is open for the store's whole life: a reset overwrites it in place and
/// a TRUNCATE checkpoint or <c>journal_size_limit</c> shortens it with <c>ftruncate</c>, so the descriptor stays the
/// file's. Should it still vanish (someone deleted it by hand), the sync fails and the next one opens it again.
/// </summary>
internal sealed partial class WalFileSync : IWalSync
{
    private readonly string _walPath;
    private FileStream? _wal;

    public WalFileSync(string databasePath) => _walPath = databasePath + "-wal";

    /// <inheritdoc />
    public void Sync()
    {
        // SQLite opens the WAL at the first write in WAL mode; ours follows the first commit, so it is there.
        _wal ??= new FileStream(_walPath, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.ReadWrite | FileShare.Delete,
        });
        try
        {
            FlushToDisk(_wal);
        }
        catch
        {
            _wal.Dispose();
            _wal = null;
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _wal?.Dispose();

    private static void FlushToDisk(FileStream wal)
    {
        if (!OperatingSystem.IsLinux())
        {
            wal.Flush(flushToDisk: true);
            return;
        }

        while (fdatasync(wal.SafeFileHandle) != 0)
        {
            int error = Marshal.GetLastPInvokeError();
            if (error != Eintr)
            {
                throw new IOException($"fdatasync of the SQLite WAL failed (errno {error}).", error);
            }
        }
    }

    private const int Eintr = 4;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fdatasync(SafeFileHandle fd);
}
