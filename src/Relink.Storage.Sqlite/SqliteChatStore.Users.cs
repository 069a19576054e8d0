using Relink.Storage.Sqlite.Sql;

namespace Relink.Storage.Sqlite;

public sealed partial class SqliteChatStore
{
    /// <inheritdoc />
    public Task<bool> CreateUserAsync(NewUser user, CancellationToken cancellationToken = default) =>
        WriteAsync(
            s => s.Prepare("""
                    INSERT INTO users (user_id, nickname, nickname_folded, head, password_hash, created_at)
                    VALUES ($id, $nickname, $folded, $head, $hash, $at)
                    ON CONFLICT (user_id) DO NOTHING
                    """)
                .With("$id", user.UserId)
                .With("$nickname", user.Nickname)
                .With("$folded", user.Nickname.ToLowerInvariant())
                .With("$head", user.Head)
                .With("$hash", user.PasswordHash)
                .With("$at", UnixTime.ToMillis(user.CreatedAt))
                .Execute() == 1,
            cancellationToken);

    /// <inheritdoc />
    public Task<UserCredentials?> FindCredentialsAsync(string userId, CancellationToken cancellationToken = default) =>
        ReadAsync(
            s => s.Prepare($"SELECT {Rows.UserColumns}, u.password_hash, u.disabled FROM users u WHERE u.user_id = $id")
                .With("$id", userId)
                .ReadFirstOrDefault(r => new UserCredentials(Rows.User(r), r.GetString(4), r.GetBoolean(5))),
            cancellationToken);

    /// <inheritdoc />
    public Task<UserRecord?> FindUserAsync(string userId, CancellationToken cancellationToken = default) =>
        ReadAsync(
            s => s.Prepare($"SELECT {Rows.UserColumns} FROM users u WHERE u.user_id = $id")
                .With("$id", userId)
                .ReadFirstOrDefault(Rows.User),
            cancellationToken);

    /// <inheritdoc />
    public Task UpdatePasswordHashAsync(string userId, string passwordHash, CancellationToken cancellationToken = default) =>
        WriteAsync(
            s => s.Prepare("UPDATE users SET password_hash = $hash WHERE user_id = $id")
                .With("$id", userId)
                .With("$hash", passwordHash)
                .Execute(),
            cancellationToken);

    /// <inheritdoc />
    public Task<bool> SetUserDisabledAsync(string userId, bool disabled, CancellationToken cancellationToken = default) =>
        WriteAsync(
            s => s.Prepare("UPDATE users SET disabled = $disabled WHERE user_id = $id")
                .With("$id", userId)
                .With("$disabled", disabled ? 1 : 0)
                .Execute() == 1,
            cancellationToken);

    /// <inheritdoc />
    public Task<UserPage> SearchUsersAsync(string key, string excludeUserId, int offset, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return ReadAsync(
            s =>
            {
                // One row past the page tells whether there is another page. rowid breaks ties of equal creation
                // times by insertion order, which is what "newest" means then.
                var users = s.Prepare($"""
                        SELECT {Rows.UserColumns} FROM users u
                        WHERE u.user_id <> $me
                          AND ($pattern IS NULL
                               OR u.user_id LIKE $pattern ESCAPE '\'
                               OR u.nickname_folded LIKE $pattern ESCAPE '\')
                        ORDER BY u.created_at DESC, u.rowid DESC
                        LIMIT $take OFFSET $skip
                        """)
                    .With("$me", excludeUserId)
                    .With("$pattern", key.Length == 0 ? null : Rows.ContainsPattern(key))
                    .With("$take", limit + 1)
                    .With("$skip", offset)
                    .ReadList(Rows.User);
                bool hasMore = users.Count > limit;
                return new UserPage(hasMore ? users[..limit] : users, hasMore);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> CountUsersAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(s => (int)s.Prepare("SELECT COUNT(*) FROM users").ScalarInt64()!.Value, cancellationToken);
}
