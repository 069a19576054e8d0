using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Relink.Storage.Sqlite.Sql;

/// <summary>
/// One statement of the writer's hot path prepared once on the connection's native handle and run with values bound
/// in place. <see cref="SqliteCommand"/> makes a data reader, a data record with its dictionary, a binder per
/// parameter, a boxed value per number and two enumerators on every execution (about 3 KB of an append's 4.4 KB);
/// this makes none: numbers bind as numbers, strings as UTF-16 spans that SQLite copies. Errors surface as
/// <see cref="SqliteException"/>, as from a command, so the writer sorts them the same way.
/// </summary>
/// <remarks>Not thread-safe: it belongs to one connection, used by one thread at a time (the writer's).</remarks>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly Dictionary<string, int> _parameters = new(StringComparer.Ordinal);

    private RawStatement(sqlite3 db, sqlite3_stmt statement)
    {
        _db = db;
        _statement = statement;
    }

    /// <summary>Compiles <paramref name="sql"/> (one statement) on <paramref name="connection"/>, which must be open.</summary>
    public static RawStatement Prepare(SqliteConnection connection, string sql)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        int rc = raw.sqlite3_prepare_v3(db, sql, raw.SQLITE_PREPARE_PERSISTENT, out var statement, out string tail);
        SqliteException.ThrowExceptionForRC(rc, db);
        if (!string.IsNullOrWhiteSpace(tail))
        {
            statement.Dispose();
            throw new ArgumentException("A raw statement holds exactly one SQL statement.", nameof(sql));
        }

        return new RawStatement(db, statement);
    }

    /// <summary>Binds a number to the parameter <paramref name="name"/> (such as "$seq").</summary>
    public RawStatement With(string name, long value)
    {
        Check(raw.sqlite3_bind_int64(_statement, IndexOf(name), value));
        return this;
    }

    /// <summary>Binds text (null as SQL NULL) to the parameter <paramref name="name"/>.</summary>
    public RawStatement With(string name, string? value)
    {
        int index = IndexOf(name);
        Check(value is null ? raw.sqlite3_bind_null(_statement, index) : raw.sqlite3_bind_text16(_statement, index, value.AsSpan()));
        return this;
    }

    /// <summary>Runs the statement to its end; the number of rows it changed. Leaves it ready for the next use.</summary>
    public int Execute()
    {
        try
        {
            while (Step())
            {
            }

            return raw.sqlite3_changes(_db);
        }
        finally
        {
            Reset();
        }
    }

    /// <summary>Runs the statement to its end; the first column of its first row, or null when there is none or it is NULL.</summary>
    public long? ScalarInt64()
    {
        try
        {
            long? value = Step() && raw.sqlite3_column_type(_statement, 0) != raw.SQLITE_NULL ? raw.sqlite3_column_int64(_statement, 0) : null;
            while (Step())
            {
            }

            return value;
        }
        finally
        {
            Reset();
        }
    }

    /// <summary>Moves to the next row: true when there is one to read with the column getters. Call <see cref="Reset"/> after.</summary>
    public bool Step()
    {
        int rc = raw.sqlite3_step(_statement);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }

        if (rc != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }

        return false;
    }

    /// <summary>Whether column <paramref name="column"/> of the current row is NULL.</summary>
    public bool IsNull(int column) => raw.sqlite3_column_type(_statement, column) == raw.SQLITE_NULL;

    /// <summary>Column <paramref name="column"/> of the current row as text.</summary>
    public string Text(int column) => raw.sqlite3_column_text(_statement, column).utf8_to_string() ?? "";

    /// <summary>Ends the current run and clears the bound values, ready for the next use.</summary>
    public void Reset()
    {
        // reset returns the last step's error again, which that step already raised.
        _ = raw.sqlite3_reset(_statement);
        _ = raw.sqlite3_clear_bindings(_statement);
    }

    /// <inheritdoc />
    public void Dispose() => _statement.Dispose();

    private int IndexOf(string name)
    {
        if (!_parameters.TryGetValue(name, out int index))
        {
            index = raw.sqlite3_bind_parameter_index(_statement, name);
            if (index == 0)
            {
                throw new ArgumentException($"The statement has no parameter '{name}'.", nameof(name));
            }

            _parameters.Add(name, index);
        }

        return index;
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }
}
