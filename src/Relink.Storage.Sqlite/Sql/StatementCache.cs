using Microsoft.Data.Sqlite;

namespace Relink.Storage.Sqlite.Sql;

/// <summary>
/// Commands of one connection kept by their SQL text, so a statement is compiled once per connection and not once
/// per use: the writer runs the same few statements for every append. A command keeps its parameter objects from one
/// use to the next (<see cref="SqliteCommandExtensions.With"/> sets their values), so a use allocates no
/// <see cref="SqliteParameter"/>.
/// </summary>
internal sealed class StatementCache(SqliteConnection connection, SqliteTransaction? transaction = null) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RawStatement> _raw = new(StringComparer.Ordinal);
    private long _uses;

    /// <summary>Statements handed out so far (each is run once per use); tests count the statements a write costs.</summary>
    public long Uses => Volatile.Read(ref _uses);

    /// <summary>The command for <paramref name="sql"/>, every parameter it had reset to NULL.</summary>
    public SqliteCommand Prepare(string sql)
    {
        Volatile.Write(ref _uses, _uses + 1); // one thread uses a cache; others only read the count
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = transaction;
            _commands.Add(sql, command);
        }

        // By index: the collection's enumerator is a boxed object, one per use.
        var parameters = command.Parameters;
        for (int i = 0; i < parameters.Count; i++)
        {
            parameters[i].Value = DBNull.Value;
        }

        return command;
    }

    /// <summary>
    /// The <see cref="RawStatement"/> for <paramref name="sql"/> (one statement), compiled at its first use: for the
    /// writer's per-message statements, which must not allocate. Counted in <see cref="Uses"/> like a command.
    /// </summary>
    public RawStatement PrepareRaw(string sql)
    {
        Volatile.Write(ref _uses, _uses + 1);
        if (!_raw.TryGetValue(sql, out var statement))
        {
            statement = RawStatement.Prepare(connection, sql);
            _raw.Add(sql, statement);
        }

        return statement;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
        foreach (var statement in _raw.Values)
        {
            statement.Dispose();
        }

        _raw.Clear();
    }
}
