using Microsoft.Data.Sqlite;
using Relink.Storage.Sqlite.Sql;

namespace Relink.Storage.Sqlite;

public sealed partial class SqliteChatStore
{
    /// <inheritdoc />
    public Task SaveResumeTokenAsync(ResumeTokenRecord token, CancellationToken cancellationToken = default) =>
        WriteAsync(
            s => WithRecord(s.Prepare("""
                    INSERT INTO resume_tokens (user_id, device_id, token_hash, expires_at, previous_hash, rotated_at)
                    VALUES ($user, $device, $hash, $expires, $previous, $rotated)
                    ON CONFLICT (user_id, device_id) DO UPDATE SET token_hash = excluded.token_hash, expires_at = excluded.expires_at,
                        previous_hash = excluded.previous_hash, rotated_at = excluded.rotated_at
                    """), token)
                .Execute(),
            cancellationToken);

    /// <inheritdoc />
    public Task<ResumeTokenRecord?> FindResumeTokenAsync(string userId, string deviceId, CancellationToken cancellationToken = default) =>
        ReadAsync(
            s => s.Prepare("""
                    SELECT user_id, device_id, token_hash, expires_at, previous_hash, rotated_at FROM resume_tokens
                    WHERE user_id = $user AND device_id = $device
                    """)
                .With("$user", userId)
                .With("$device", deviceId)
                .ReadFirstOrDefault(r => new ResumeTokenRecord(
                    r.GetString(0),
                    r.GetString(1),
                    (byte[])r.GetValue(2),
                    UnixTime.FromMillis(r.GetInt64(3)),
                    r.IsDBNull(4) ? null : (byte[])r.GetValue(4),
                    r.IsDBNull(5) ? null : UnixTime.FromMillis(r.GetInt64(5)))),
            cancellationToken);

    /// <inheritdoc />
    public Task<bool> RotateResumeTokenAsync(string userId, string deviceId, byte[] expectedHash, ResumeTokenRecord replacement, CancellationToken cancellationToken = default)
    {
        if (replacement.UserId != userId || replacement.DeviceId != deviceId)
        {
            throw new ArgumentException("The replacement must belong to the same user and device.", nameof(replacement));
        }

        // Compare-and-swap in one statement; the single writer orders racing rotations, so only the first sees
        // the expected hash.
        return WriteAsync(
            s => WithRecord(s.Prepare("""
                    UPDATE resume_tokens SET token_hash = $hash, expires_at = $expires, previous_hash = $previous, rotated_at = $rotated
                    WHERE user_id = $user AND device_id = $device AND token_hash = $expected
                    """), replacement)
                .With("$expected", expectedHash)
                .Execute() == 1,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task RevokeResumeTokensAsync(string userId, CancellationToken cancellationToken = default) =>
        WriteAsync(
            s => s.Prepare("DELETE FROM resume_tokens WHERE user_id = $user").With("$user", userId).Execute(),
            cancellationToken);

    private static SqliteCommand WithRecord(SqliteCommand command, ResumeTokenRecord token) =>
        command
            .With("$user", token.UserId)
            .With("$device", token.DeviceId)
            .With("$hash", token.TokenHash)
            .With("$expires", UnixTime.ToMillis(token.ExpiresAt))
            .With("$previous", token.PreviousHash)
            .With("$rotated", token.RotatedAt is { } rotated ? UnixTime.ToMillis(rotated) : null);
}
