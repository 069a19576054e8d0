using Npgsql;

namespace Relink.Storage.Postgres.Schema;

/// <summary>
/// Brings a database to the latest schema. Several nodes may start at once: each takes the same session-level
/// advisory lock first, so one applies the steps and the others, once it lets go, find nothing left to do.
/// </summary>
internal static class SchemaMigrator
{
    /// <summary>The version a migrated database has.</summary>
    public static int LatestVersion => Migrations.All[^1].Version;

    /// <summary>
    /// Applies every step above the database's version, each in its own transaction with its row in the version
    /// table, so a crash between steps resumes where it stopped. Refuses a database from a newer build.
    /// Returns how many steps this call applied (0 when another node had done it).
    /// </summary>
    public static async Task<int> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var startup = await AdvisoryLock.TakeAsync(connection, AdvisoryLock.Migrations, cancellationToken);
        await Execute(connection, """
            CREATE TABLE IF NOT EXISTS relink_schema_versions (
                version     INTEGER NOT NULL PRIMARY KEY,
                description TEXT NOT NULL,
                applied_at  TIMESTAMPTZ NOT NULL DEFAULT now()
            )
            """, cancellationToken);
        int current = await ReadVersionAsync(connection, cancellationToken);
        if (current > LatestVersion)
        {
            throw new InvalidOperationException(
                $"The database's schema is version {current}, newer than this build's {LatestVersion}; refusing to open it.");
        }

        int applied = 0;
        foreach (var migration in Migrations.All.Where(m => m.Version > current))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            // A plain command: Npgsql splits the step's statements itself (a batch command must hold exactly one).
            await using (var step = new NpgsqlCommand(migration.Sql, connection, transaction))
            {
                await step.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var record = new NpgsqlCommand("INSERT INTO relink_schema_versions (version, description) VALUES ($1, $2)", connection, transaction))
            {
                record.Parameters.Add(new() { Value = migration.Version });
                record.Parameters.Add(new() { Value = migration.Description });
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            applied++;
        }

        return applied;
    }

    /// <summary>The database's schema version (0 for a new database).</summary>
    public static async Task<int> ReadVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM relink_schema_versions", connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
