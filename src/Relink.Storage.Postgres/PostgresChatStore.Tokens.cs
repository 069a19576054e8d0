using Npgsql;
using Relink.Storage.Postgres.Sql;

namespace Relink.Storage.Postgres;

public sealed partial class PostgresChatStore
{
    /// <inheritdoc />
    public Task SaveResumeTokenAsync(ResumeTokenRecord token, CancellationToken cancellationToken = default) =>
        WriteOneAsync(
            s => WithRecord(s.Sql("""
                    INSERT INTO resume_tokens (user_id, device_id, token_hash, expires_at, previous_hash, rotated_at)
                    VALUES (@user, @device, @hash, @expires, @previous, @rotated)
                    ON CONFLICT (user_id, device_id) DO UPDATE SET token_hash = excluded.token_hash, expires_at = excluded.expires_at,
                        previous_hash = excluded.previous_hash, rotated_at = excluded.rotated_at
                    """), token)
                .ExecuteAsync(s.CancellationToken),
            cancellationToken);

    /// <inheritdoc />
    public Task<ResumeTokenRecord?> FindResumeTokenAsync(string userId, string deviceId, CancellationToken cancellationToken = default) =>
        ReadAsync(
            s => s.Sql("""
                    SELECT user_id, device_id, token_hash, expires_at, previous_hash, rotated_at FROM resume_tokens
                    WHERE user_id = @user AND device_id = @device
                    """)
                .With("user", userId)
                .With("device", deviceId)
                .ReadFirstOrDefaultAsync(
                    r => new ResumeTokenRecord(
                        r.GetString(0),
                        r.GetString(1),
                        r.GetFieldValue<byte[]>(2),
                        UnixTime.FromMillis(r.GetInt64(3)),
                        r.IsDBNull(4) ? null : r.GetFieldValue<byte[]>(4),
                        r.IsDBNull(5) ? null : UnixTime.FromMillis(r.GetInt64(5))),
                    s.CancellationToken),
            cancellationToken);

    /// <inheritdoc />
    public Task<bool> RotateResumeTokenAsync(string userId, string deviceId, byte[] expectedHash, ResumeTokenRecord replacement, CancellationToken cancellationToken = default)
    {
        if (replacement.UserId != userId || replacement.DeviceId != deviceId)
        {
            throw new ArgumentException("The replacement must belong to the same user and device.", nameof(replacement));
        }

        // Compare-and-swap in one statement: of two racing rotations (on any nodes), the second waits for the
        // first's row lock, then re-checks the hash and finds it changed.
        return WriteOneAsync(
            async s => await WithRecord(s.Sql("""
                    UPDATE resume_tokens SET token_hash = @hash, expires_at = @expires, previous_hash = @previous, rotated_at = @rotated
                    WHERE user_id = @user AND device_id = @device AND token_hash = @expected
                    """), replacement)
                .With("expected", expectedHash)
                .ExecuteAsync(s.CancellationToken) == 1,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task RevokeResumeTokensAsync(string userId, CancellationToken cancellationToken = default) =>
        WriteAsync(
            s => s.Sql("DELETE FROM resume_tokens WHERE user_id = @user").With("user", userId).ExecuteAsync(s.CancellationToken),
            cancellationToken);

    private static NpgsqlCommand WithRecord(NpgsqlCommand command, ResumeTokenRecord token)
    {
        command.With("user", token.UserId)
            .With("device", token.DeviceId)
            .With("hash", token.TokenHash)
            .With("expires", UnixTime.ToMillis(token.ExpiresAt));
        // Typed, so a NULL is bytea / bigint without the server having to guess from the column.
        command.Parameters.Add(new NpgsqlParameter("previous", NpgsqlTypes.NpgsqlDbType.Bytea) { Value = (object?)token.PreviousHash ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("rotated", NpgsqlTypes.NpgsqlDbType.Bigint)
        {
            Value = token.RotatedAt is { } rotated ? UnixTime.ToMillis(rotated) : DBNull.Value,
        });
        return command;
    }
}
