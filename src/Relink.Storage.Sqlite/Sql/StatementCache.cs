using Microsoft.Data.Sqlite;

namespace Relink.Storage.Sqlite.Sql;

/// <summary>
/// Commands of one connection kept by their SQL text, so a statement is compiled once per connection and not once
/// per use: the writer runs the same few statements for every append.
/// </summary>
internal sealed class StatementCache(SqliteConnection connection, SqliteTransaction? transaction = null) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    /// <summary>The command for <paramref name="sql"/>, with no parameters bound yet.</summary>
    public SqliteCommand Prepare(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = transaction;
            _commands.Add(sql, command);
        }

        command.Parameters.Clear();
        return command;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
    }
}
