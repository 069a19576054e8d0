using Microsoft.Data.Sqlite;

namespace Relink.Storage.Sqlite.Schema;

/// <summary>Brings a database to the latest schema, tracking progress in <c>PRAGMA user_version</c>.</summary>
internal static class SchemaMigrator
{
    /// <summary>The version a migrated database has.</summary>
    public static int LatestVersion => Migrations.All[^1].Version;

    /// <summary>
    /// Applies every step above the database's version, each in its own transaction together with the version
    /// bump, so a crash between steps resumes where it stopped. Refuses a database from a newer build.
    /// </summary>
    public static async Task MigrateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        int current = await ReadVersionAsync(connection, cancellationToken);
        if (current > LatestVersion)
        {
            throw new InvalidOperationException(
                $"The database's schema is version {current}, newer than this build's {LatestVersion}; refusing to open it.");
        }

        foreach (var migration in Migrations.All.Where(m => m.Version > current))
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = migration.Sql + $"\nPRAGMA user_version = {migration.Version};";
            await command.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>The database's schema version (0 for a new file).</summary>
    public static async Task<int> ReadVersionAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
