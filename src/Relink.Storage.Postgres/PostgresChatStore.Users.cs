using Relink.Storage.Postgres.Sql;

namespace Relink.Storage.Postgres;

public sealed partial class PostgresChatStore
{
    /// <summary>
    /// Finds a user by the normalised id (@key); of colliding accounts the exact id (@id) wins, then the oldest.
    /// </summary>
    private const string ByKey = "WHERE u.user_key = @key ORDER BY (u.user_id = @id) DESC, u.key_rank LIMIT 1";

    /// <inheritdoc />
    public Task<bool> CreateUserAsync(NewUser user, CancellationToken cancellationToken = default) =>
        WriteAsync(
            async s => await s.Sql("""
                    INSERT INTO users (user_id, user_key, nickname, nickname_folded, head, password_hash, created_at)
                    VALUES (@id, @key, @nickname, @folded, @head, @hash, @at)
                    ON CONFLICT DO NOTHING
                    """)
                .With("id", user.UserId)
                .With("key", Ids.Normalize(user.UserId))
                .With("nickname", user.Nickname)
                .With("folded", user.Nickname.ToLowerInvariant())
                .With("head", user.Head)
                .With("hash", user.PasswordHash)
                .With("at", UnixTime.ToMillis(user.CreatedAt))
                .ExecuteAsync(s.CancellationToken) == 1,
            cancellationToken);

    /// <inheritdoc />
    public Task<UserCredentials?> FindCredentialsAsync(string userId, CancellationToken cancellationToken = default) =>
        ReadAsync(
            s => s.Sql($"SELECT {Rows.UserColumns}, u.password_hash, u.disabled FROM users u {ByKey}")
                .With("id", userId)
                .With("key", Ids.Normalize(userId))
                .ReadFirstOrDefaultAsync(r => new UserCredentials(Rows.User(r), r.GetString(4), r.GetBoolean(5)), s.CancellationToken),
            cancellationToken);

    /// <inheritdoc />
    public Task<UserRecord?> FindUserAsync(string userId, CancellationToken cancellationToken = default) =>
        ReadAsync(
            s => s.Sql($"SELECT {Rows.UserColumns} FROM users u {ByKey}")
                .With("id", userId)
                .With("key", Ids.Normalize(userId))
                .ReadFirstOrDefaultAsync(Rows.User, s.CancellationToken),
            cancellationToken);

    /// <inheritdoc />
    public Task UpdatePasswordHashAsync(string userId, string passwordHash, CancellationToken cancellationToken = default) =>
        WriteAsync(
            s => s.Sql("UPDATE users SET password_hash = @hash WHERE user_id = @id")
                .With("id", userId)
                .With("hash", passwordHash)
                .ExecuteAsync(s.CancellationToken),
            cancellationToken);

    /// <inheritdoc />
    public Task<bool> SetUserDisabledAsync(string userId, bool disabled, CancellationToken cancellationToken = default) =>
        WriteAsync(
            async s => await s.Sql("UPDATE users SET disabled = @disabled WHERE user_id = @id")
                .With("id", userId)
                .With("disabled", disabled)
                .ExecuteAsync(s.CancellationToken) == 1,
            cancellationToken);

    /// <inheritdoc />
    public Task<UserPage> SearchUsersAsync(string key, string excludeUserId, int offset, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        string filter = UserMatch.Clause(key);
        return ReadAsync(
            async s =>
            {
                // One row past the page tells whether there is another page.
                var command = s.Sql($"""
                        SELECT {Rows.UserColumns} FROM users u
                        WHERE u.user_id <> @me {filter}
                        ORDER BY u.created_at DESC, u.user_no DESC
                        LIMIT @take OFFSET @skip
                        """)
                    .With("me", excludeUserId)
                    .With("take", limit + 1)
                    .With("skip", offset)
                    .WithUserMatch(key);

                var users = await command.ReadListAsync(Rows.User, s.CancellationToken);
                bool hasMore = users.Count > limit;
                return new UserPage(hasMore ? users[..limit] : users, hasMore);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<IReadOnlyList<string>>> ListUserIdCollisionsAsync(CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<IReadOnlyList<string>>>(
            async s => (await s.Sql("""
                        SELECT u.user_key, u.user_id FROM users u
                        WHERE u.user_key IN (SELECT user_key FROM users WHERE key_rank > 0)
                        ORDER BY u.user_key COLLATE "C", u.key_rank
                        """)
                    .ReadListAsync(r => (Key: r.GetString(0), Id: r.GetString(1)), s.CancellationToken))
                .GroupBy(row => row.Key, StringComparer.Ordinal)
                .Select(set => (IReadOnlyList<string>)[.. set.Select(row => row.Id)])
                .ToList(),
            cancellationToken);

    /// <inheritdoc />
    public Task<int> CountUsersAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(async s => (int)(await s.Sql("SELECT COUNT(*) FROM users").ScalarInt64Async(s.CancellationToken))!.Value, cancellationToken);
}
