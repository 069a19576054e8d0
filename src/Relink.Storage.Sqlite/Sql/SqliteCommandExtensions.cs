using Microsoft.Data.Sqlite;

namespace Relink.Storage.Sqlite.Sql;

/// <summary>Terse binding and reading for the store's hand-written SQL.</summary>
internal static class SqliteCommandExtensions
{
    /// <summary>
    /// Binds <paramref name="value"/> (null as SQL NULL) to <paramref name="name"/>, reusing the command's parameter
    /// of that name when it has one (a command from <see cref="StatementCache"/> keeps them).
    /// </summary>
    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        var parameters = command.Parameters;
        for (int i = 0; i < parameters.Count; i++)
        {
            if (string.Equals(parameters[i].ParameterName, name, StringComparison.Ordinal))
            {
                parameters[i].Value = value ?? DBNull.Value;
                return command;
            }
        }

        parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    /// <summary>Runs the statement; the number of rows it changed.</summary>
    public static int Execute(this SqliteCommand command) => command.ExecuteNonQuery();

    /// <summary>The first column of the first row as a number, or null when there is no row or it is NULL.</summary>
    public static long? ScalarInt64(this SqliteCommand command) =>
        command.ExecuteScalar() is { } value and not DBNull ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>Every row, mapped.</summary>
    public static List<T> ReadList<T>(this SqliteCommand command, Func<SqliteDataReader, T> map)
    {
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    /// <summary>The first row mapped, or null.</summary>
    public static T? ReadFirstOrDefault<T>(this SqliteCommand command, Func<SqliteDataReader, T> map)
        where T : class
    {
        using var reader = command.ExecuteReader();
        return reader.Read() ? map(reader) : null;
    }

    /// <summary>The first row mapped, or null when there is none (for a row mapped to a value type).</summary>
    public static T? ReadFirst<T>(this SqliteCommand command, Func<SqliteDataReader, T> map)
        where T : struct
    {
        using var reader = command.ExecuteReader();
        return reader.Read() ? map(reader) : null;
    }
}
