using System.Text;
using Relink.Client.State;

namespace Relink.Client;

/// <summary>
/// Keeps a client's state in a folder, as an append-only log of changes (<c>state.log</c>, one JSON object per line,
/// each write flushed to the disk before the next), so it survives a crash or an app restart. A change torn by a
/// crash mid-write is dropped when the log is next read. After <see cref="CompactAfter"/> changes the log is
/// rewritten as one snapshot: written to <c>state.log.tmp</c>, flushed, then renamed over the log, so a crash leaves
/// either the old log or the new one, never half of one. One client at a time: <c>state.lock</c> is held while the
/// store is open, and a second store on the same folder fails to open.
/// </summary>
/// <remarks>
/// Give each user and device its own folder (the <c>relink</c> command uses <c>~/.relink/SERVER/USER/DEVICE</c>):
/// delivery cursors are per device on the server too. Dispose the store after the client that uses it.
/// </remarks>
public sealed class FileClientStateStore : IClientStateStore, IDisposable
{
    /// <summary>How many changes the log takes before it is rewritten as one snapshot (a few hundred kilobytes at most).</summary>
    public const int CompactAfter = 1000;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ClientStateModel _state = new();
    private FileStream? _lock;
    private FileStream? _log;
    private bool _disposed;

    // A write failed: the log lacks a change the state has, so the next save writes a whole snapshot.
    private bool _behind;

    /// <summary>Creates a store in <paramref name="directory"/> (created when needed). Nothing is read until the first use.</summary>
    public FileClientStateStore(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
    }

    /// <summary>The folder the state lives in.</summary>
    public string Directory { get; }

    private string LogPath => Path.Combine(Directory, "state.log");

    /// <inheritdoc />
    /// <exception cref="IOException">The folder is in use by another client, or cannot be read.</exception>
    public async ValueTask<ClientStateSnapshot> LoadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            Open();
            return _state.ToSnapshot();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    /// <exception cref="IOException">The change could not be written.</exception>
    public async ValueTask SaveAsync(ClientStateChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            FileStream log = Open();
            _state.Apply(change);
            if (_behind || _state.ChangesApplied >= CompactAfter)
            {
                // A snapshot holds every change so far, the ones a failed write left out included.
                _behind = true;
                Compact();
                _behind = false;
                return;
            }

            try
            {
                await log.WriteAsync(Encoding.UTF8.GetBytes(ClientStateLogFormat.Encode(change) + "\n"), cancellationToken);
                log.Flush(flushToDisk: true);
            }
            catch (IOException)
            {
                _behind = true;
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Closes the log and lets another client open the folder.</summary>
    public void Dispose()
    {
        _gate.Wait();
        try
        {
            _disposed = true;
            _log?.Dispose();
            _lock?.Dispose();
            _log = _lock = null;
        }
        finally
        {
            _gate.Release();
        }
    }

    private FileStream Open()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_log is { } open)
        {
            return open;
        }

        System.IO.Directory.CreateDirectory(Directory);
        try
        {
            // FileShare.None takes an exclusive lock (flock on Unix) that lives as long as the handle.
            _lock = new FileStream(Path.Combine(Directory, "state.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new IOException($"The client state in {Directory} is in use by another client: one client at a time may use a state folder.", e);
        }

        long good = Replay();
        _log = new FileStream(LogPath, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);

        // Cut a torn last change off, so the next one starts on a line of its own.
        _log.SetLength(good);
        _log.Seek(0, SeekOrigin.End);
        return _log;
    }

    // Applies every whole change in the log; returns the length of the part that holds them.
    private long Replay()
    {
        if (!File.Exists(LogPath))
        {
            return 0;
        }

        byte[] bytes = File.ReadAllBytes(LogPath);
        long good = 0;
        int start = 0;
        while (start < bytes.Length)
        {
            int end = Array.IndexOf(bytes, (byte)'\n', start);
            if (end < 0 || ClientStateLogFormat.TryDecode(Encoding.UTF8.GetString(bytes, start, end - start)) is not { } change)
            {
                break;
            }

            _state.Apply(change);
            good = end + 1;
            start = end + 1;
        }

        return good;
    }

    private void Compact()
    {
        string temporary = LogPath + ".tmp";
        using (var snapshot = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            snapshot.Write(Encoding.UTF8.GetBytes(ClientStateLogFormat.Encode(_state.ToReset()) + "\n"));
            snapshot.Flush(flushToDisk: true);
        }

        _log!.Dispose();
        try
        {
            File.Move(temporary, LogPath, overwrite: true);
            _state.Compacted();
        }
        finally
        {
            _log = new FileStream(LogPath, FileMode.Append, FileAccess.Write, FileShare.Read);
        }
    }
}
