using Npgsql;
using Relink.Storage.Relational;

namespace Relink.Storage.Postgres.Sql;

/// <summary>
/// The "user id or nickname contains the key" filter that every user search shares (people search, the admin's
/// live users), so they match the same users for the same text.
/// </summary>
internal static class UserMatch
{
    /// <summary>
    /// An <c>AND</c> clause on the users table aliased <c>u</c>, or nothing when <paramref name="key"/> is empty (every
    /// user matches). Ids are ASCII, so <c>ILIKE</c> on them ignores case as the SQLite store's <c>LIKE</c> does;
    /// nicknames meet a pattern lower-cased by .NET in their folded column.
    /// </summary>
    public static string Clause(string key) => key.Length == 0 ? "" : """
        AND (u.user_id ILIKE @pattern ESCAPE '\' OR u.nickname_folded LIKE @pattern ESCAPE '\')
        """;

    /// <summary>Binds the pattern of <see cref="Clause"/> when there is one.</summary>
    public static NpgsqlCommand WithUserMatch(this NpgsqlCommand command, string key) =>
        key.Length == 0 ? command : command.With("pattern", RelationalRows.ContainsPattern(key));
}
