using Npgsql;
using Relink.Storage.Postgres.Sql;

namespace Relink.Storage.Postgres;

public sealed partial class PostgresChatStore
{
    // The presence choices of @me and @me's friends, of those who made one.
    private const string AudiencesOfUserAndFriends = """
        SELECT user_id, audience FROM presence_settings
        WHERE user_id = @me OR user_id IN (SELECT friend_id FROM friendships WHERE user_id = @me)
        """;

    /// <inheritdoc />
    /// <remarks>
    /// One statement, so one round trip: the record is read (its hash as it stood, <c>o</c>) and replaced only if its
    /// current hash is still that one. A racing resume that rotated it first holds the row lock until it commits;
    /// then PostgreSQL re-checks the condition against the new row, finds the hash changed, and changes nothing.
    /// The hashes are compared by the database, not in constant time: what could leak is how much of a SHA-256 of
    /// a 256-bit secret matches, which says nothing usable about the secret.
    /// </remarks>
    public async Task<TokenRedemption> RedeemResumeTokenAsync(ResumeTokenRedemption redemption, CancellationToken cancellationToken = default)
    {
        // Times are whole milliseconds in the table: "expires after now" holds for whole milliseconds exactly when it
        // holds against now's millisecond, and "rotated no earlier than now - grace" against its next millisecond up.
        long now = UnixTime.ToMillis(redemption.Now);
        long graceFrom = redemption.Grace > TimeSpan.Zero ? CeilingMillis(redemption.Now - redemption.Grace) : long.MaxValue;
        object? current = await WriteOneAsync(
            s => s.Sql("""
                    UPDATE resume_tokens AS t SET token_hash = @hash, expires_at = @expires,
                        previous_hash = CASE WHEN o.is_current THEN o.token_hash ELSE o.previous_hash END,
                        rotated_at = CASE WHEN o.is_current THEN @now ELSE o.rotated_at END
                    FROM (SELECT token_hash, previous_hash, rotated_at, token_hash = @presented AND expires_at > @now AS is_current
                          FROM resume_tokens WHERE user_id = @user AND device_id = @device) AS o
                    WHERE t.user_id = @user AND t.device_id = @device AND t.token_hash = o.token_hash
                      AND (o.is_current OR (o.previous_hash = @presented AND o.rotated_at >= @grace_from))
                    RETURNING o.is_current
                    """)
                .With("user", redemption.UserId)
                .With("device", redemption.DeviceId)
                .With("presented", redemption.PresentedHash)
                .With("hash", redemption.NewHash)
                .With("expires", UnixTime.ToMillis(redemption.NewExpiresAt))
                .With("now", now)
                .With("grace_from", graceFrom)
                .ExecuteScalarAsync(s.CancellationToken),
            cancellationToken);
        return current switch
        {
            true => TokenRedemption.Current,
            false => TokenRedemption.ThroughGrace,
            _ => TokenRedemption.Refused,
        };
    }

    /// <inheritdoc />
    /// <remarks>
    /// One batch, so one round trip: friends, presence choices, the talk list with its latest messages (one
    /// statement, <see cref="TalkListWithLatest"/>), the read-receipt setting, friend requests and blocked users.
    /// </remarks>
    public Task<SessionStateRecord> LoadSessionStateAsync(string userId, string deviceId, int latestPerTalk, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(latestPerTalk);
        return ReadAsync(
            async s =>
            {
                var batch = s.Batch();
                batch.BatchCommands.Add(new NpgsqlBatchCommand(FriendsOfUser).With("me", userId));
                batch.BatchCommands.Add(new NpgsqlBatchCommand(AudiencesOfUserAndFriends).With("me", userId));
                var talks = new NpgsqlBatchCommand(TalkListWithLatest);
                talks.Parameters.AddRange(TalkListParameters(userId, deviceId, latestPerTalk));
                batch.BatchCommands.Add(talks);
                batch.BatchCommands.Add(new NpgsqlBatchCommand(ReadReceiptsOfUser).With("id", userId));
                batch.BatchCommands.Add(new NpgsqlBatchCommand(FriendRequestsOfUser).With("me", userId));
                batch.BatchCommands.Add(new NpgsqlBatchCommand(BlockedByUser).With("me", userId));

                var ct = s.CancellationToken;
                await using var reader = await batch.ExecuteReaderAsync(ct);
                var friends = await reader.ReadRowsAsync(Rows.User, ct);
                await reader.NextResultAsync(ct);
                var audiences = (await reader.ReadRowsAsync(r => (Id: r.GetString(0), Audience: (PresenceAudience)r.GetInt16(1)), ct))
                    .ToDictionary(a => a.Id, a => a.Audience, StringComparer.Ordinal);
                await reader.NextResultAsync(ct);
                var talkList = await ReadTalkListAsync(reader, latestPerTalk, ct);
                await reader.NextResultAsync(ct);
                bool readReceipts = !await reader.ReadAsync(ct) || reader.GetInt32(0) != 0;
                await reader.NextResultAsync(ct);
                var requests = await reader.ReadRowsAsync(Rows.FriendRequest, ct);
                await reader.NextResultAsync(ct);
                var blocked = await reader.ReadRowsAsync(Rows.User, ct);
                return new SessionStateRecord(friends, audiences, talkList, readReceipts, requests, blocked);
            },
            cancellationToken);
    }

    private static long CeilingMillis(DateTimeOffset time)
    {
        long millis = UnixTime.ToMillis(time);
        return UnixTime.FromMillis(millis) < time ? millis + 1 : millis;
    }
}
