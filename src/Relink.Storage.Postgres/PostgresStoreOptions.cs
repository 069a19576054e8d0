namespace Relink.Storage.Postgres;

/// <summary>Settings of a <see cref="PostgresChatStore"/>.</summary>
public sealed class PostgresStoreOptions
{
    /// <summary>
    /// An Npgsql connection string, such as <c>Host=db;Database=relink;Username=relink;Password=…</c>. The database
    /// must exist; the store creates its tables. Multiplexing is refused (Npgsql 11 removes it, and the store holds a
    /// row lock across a transaction's statements, which needs a connection of its own).
    /// </summary>
    public required string ConnectionString { get; init; }

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ConnectionString);
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString);
        if (builder.Multiplexing)
        {
            throw new ArgumentException("The PostgreSQL store does not use multiplexing; remove Multiplexing=true from the connection string.", nameof(ConnectionString));
        }
    }
}
