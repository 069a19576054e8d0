using Npgsql;

namespace Relink.Storage.Postgres.Sql;

/// <summary>Terse binding and reading for the store's hand-written SQL.</summary>
internal static class NpgsqlCommandExtensions
{
    /// <summary>Binds <paramref name="value"/> (null as SQL NULL) to <c>@<paramref name="name"/></c>.</summary>
    public static NpgsqlCommand With(this NpgsqlCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    /// <summary>A batch statement with its parameters bound.</summary>
    public static NpgsqlBatchCommand With(this NpgsqlBatchCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    /// <summary>Runs the statement; the number of rows it changed.</summary>
    public static Task<int> ExecuteAsync(this NpgsqlCommand command, CancellationToken cancellationToken) =>
        command.ExecuteNonQueryAsync(cancellationToken);

    /// <summary>The first column of the first row as a number, or null when there is no row or it is NULL.</summary>
    public static async Task<long?> ScalarInt64Async(this NpgsqlCommand command, CancellationToken cancellationToken) =>
        await command.ExecuteScalarAsync(cancellationToken) is { } value and not DBNull
            ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)
            : null;

    /// <summary>Every row, mapped.</summary>
    public static async Task<List<T>> ReadListAsync<T>(this NpgsqlCommand command, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadRowsAsync(map, cancellationToken);
    }

    /// <summary>Every row of the reader's current result (one statement of a batch), mapped.</summary>
    public static async Task<List<T>> ReadRowsAsync<T>(this NpgsqlDataReader reader, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    /// <summary>The first row mapped, or null.</summary>
    public static async Task<T?> ReadFirstOrDefaultAsync<T>(this NpgsqlCommand command, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken)
        where T : class
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? map(reader) : null;
    }
}
