using Npgsql;

namespace Relink.Storage.Postgres.Sql;

/// <summary>
/// One unit of work on one pooled connection, inside its transaction when it has one. Commands made through it
/// are disposed with it.
/// </summary>
internal sealed class PgSession(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken) : IDisposable
{
    private readonly List<IDisposable> _made = [];

    /// <summary>The caller's cancellation, for every statement of the unit.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>A command for <paramref name="sql"/> (parameters named <c>@name</c>), with nothing bound yet.</summary>
    public NpgsqlCommand Sql(string sql)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        _made.Add(command);
        return command;
    }

    /// <summary>An empty batch: several statements in one round trip.</summary>
    public NpgsqlBatch Batch()
    {
        var batch = new NpgsqlBatch(connection, transaction);
        _made.Add(batch);
        return batch;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var made in _made)
        {
            made.Dispose();
        }
    }
}
