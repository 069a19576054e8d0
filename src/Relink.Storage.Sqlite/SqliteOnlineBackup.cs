using Microsoft.Data.Sqlite;
using Relink.Storage.Sqlite.Schema;

namespace Relink.Storage.Sqlite;

/// <summary>
/// A consistent copy of a live Relink database through SQLite's online backup API, taken while a server writes to
/// it: the copy is one read transaction's snapshot (in WAL mode the server's writer is not blocked), so it holds
/// every message committed (and so acknowledged) before the backup began and no half-written batch.
/// </summary>
public static class SqliteOnlineBackup
{
    /// <summary>
    /// Copies <paramref name="databasePath"/> to <paramref name="destinationPath"/>. The copy is written beside the
    /// destination under a temporary name, checked (<c>PRAGMA quick_check</c>), then renamed into place, so a file at
    /// the destination is always a whole, checked backup. An existing destination file is replaced.
    /// </summary>
    /// <returns>The copy's schema version (<c>PRAGMA user_version</c>) and size.</returns>
    /// <exception cref="FileNotFoundException">There is no database at <paramref name="databasePath"/>.</exception>
    /// <exception cref="InvalidDataException">The copy failed its check (the source is damaged).</exception>
    public static async Task<BackupResult> CopyAsync(string databasePath, string destinationPath, CancellationToken cancellationToken = default)
    {
        string source = Path.GetFullPath(databasePath);
        string destination = Path.GetFullPath(destinationPath);
        if (!File.Exists(source))
        {
            throw new FileNotFoundException($"There is no Relink database at '{source}'.", source);
        }

        if (string.Equals(source, destination, StringComparison.Ordinal))
        {
            throw new ArgumentException("The backup cannot overwrite the database it copies.", nameof(destinationPath));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        string partial = destination + ".partial";
        File.Delete(partial);
        try
        {
            await using (var from = await OpenAsync(source, SqliteOpenMode.ReadWrite, cancellationToken))
            await using (var to = await OpenAsync(partial, SqliteOpenMode.ReadWriteCreate, cancellationToken))
            {
                // One step copying every page: SQLite holds one read transaction for the whole copy, so the copy is a
                // single snapshot even while the server commits (a stepwise copy would restart on every write).
                from.BackupDatabase(to);
                await CheckAsync(to, partial, cancellationToken);

                // The copy carries the source's WAL flag; a backup is one self-contained file, so it is switched to
                // a rollback journal (the server turns WAL back on when it opens a restored copy).
                await using var single = to.CreateCommand();
                single.CommandText = "PRAGMA journal_mode = DELETE;";
                await single.ExecuteNonQueryAsync(cancellationToken);
            }

            int version = await ReadVersionAsync(partial, cancellationToken);
            File.Move(partial, destination, overwrite: true);
            return new BackupResult(destination, version, new FileInfo(destination).Length);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>
    /// Makes <paramref name="backupPath"/> the database at <paramref name="databasePath"/>, for a server that is not
    /// running. Refuses when a database is already there (move it aside first: a restore never destroys data) or when
    /// the backup fails its check or comes from a newer build's schema.
    /// </summary>
    public static async Task<BackupResult> RestoreAsync(string backupPath, string databasePath, CancellationToken cancellationToken = default)
    {
        string backup = Path.GetFullPath(backupPath);
        string target = Path.GetFullPath(databasePath);
        if (!File.Exists(backup))
        {
            throw new FileNotFoundException($"There is no backup at '{backup}'.", backup);
        }

        foreach (string existing in new[] { target, target + "-wal", target + "-shm" })
        {
            if (File.Exists(existing))
            {
                throw new InvalidOperationException(
                    $"'{existing}' exists. Stop the server and move the old database (with its -wal and -shm files) aside first; a restore never overwrites one.");
            }
        }

        await using (var check = await OpenAsync(backup, SqliteOpenMode.ReadOnly, cancellationToken))
        {
            await CheckAsync(check, backup, cancellationToken);
        }

        int version = await ReadVersionAsync(backup, cancellationToken);
        if (version > SchemaMigrator.LatestVersion)
        {
            throw new InvalidOperationException(
                $"The backup's schema is version {version}, newer than this build's {SchemaMigrator.LatestVersion}: restore it with the newer build.");
        }

        // Copied through a temporary name too, so a crash mid-copy never leaves a half database where the server looks.
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        string partial = target + ".partial";
        File.Copy(backup, partial, overwrite: true);
        File.Move(partial, target);
        return new BackupResult(target, version, new FileInfo(target).Length);
    }

    private static async Task<SqliteConnection> OpenAsync(string path, SqliteOpenMode mode, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = mode,
            // A pooled handle would keep the file open after the command ends (and block the rename on some systems).
            Pooling = false,
        }.ToString());
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static async Task CheckAsync(SqliteConnection connection, string path, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA quick_check;";
        string? verdict = (string?)await command.ExecuteScalarAsync(cancellationToken);
        if (verdict != "ok")
        {
            throw new InvalidDataException($"'{path}' failed SQLite's check: {verdict}");
        }
    }

    private static async Task<int> ReadVersionAsync(string path, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(path, SqliteOpenMode.ReadOnly, cancellationToken);
        return await SchemaMigrator.ReadVersionAsync(connection, cancellationToken);
    }
}

/// <summary>What <see cref="SqliteOnlineBackup"/> wrote.</summary>
/// <param name="Path">The file written.</param>
/// <param name="SchemaVersion">Its schema version (<c>PRAGMA user_version</c>).</param>
/// <param name="Bytes">Its size.</param>
public sealed record BackupResult(string Path, int SchemaVersion, long Bytes);
