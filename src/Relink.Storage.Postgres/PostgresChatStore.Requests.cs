using Relink.Storage.Relational;
using Relink.Storage.Postgres.Sql;

namespace Relink.Storage.Postgres;

public sealed partial class PostgresChatStore
{
    /// <summary>
    /// The first key of the two-key advisory locks on a pair of users (that key space does not overlap the one-key
    /// locks of start-up and migrations).
    /// </summary>
    private const int PairLockClass = 0x52_4C_46_52; // "RLFR"

    /// <inheritdoc />
    public Task<FriendRequestOutcome> RequestFriendshipAsync(string from, string to, string note, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        PairRules.RequireTwoUsers(from, to, "A user cannot befriend themselves.");

        long millis = UnixTime.ToMillis(at);
        return WriteAsync(
            async s =>
            {
                // Two requests crossing on two nodes would each see no request from the other under READ COMMITTED;
                // the pair's lock makes the second wait, see the first, and make the friendship.
                await LockPairAsync(s, from, to);
                if (await IsFriendAsync(s, from, to))
                {
                    return FriendRequestOutcome.AlreadyFriends;
                }

                if (await BlocksAsync(s, from, to))
                {
                    return FriendRequestOutcome.RequesterBlocks;
                }

                if (await HasRequestAsync(s, to, from))
                {
                    await MakeFriendsAsync(s, from, to, millis);
                    return FriendRequestOutcome.BecameFriends;
                }

                int added = await s.Sql("""
                        INSERT INTO friend_requests (from_id, to_id, note, created_at) VALUES (@from, @to, @note, @at)
                        ON CONFLICT (from_id, to_id) DO NOTHING
                        """)
                    .With("from", from)
                    .With("to", to)
                    .With("note", note)
                    .With("at", millis)
                    .ExecuteAsync(s.CancellationToken);
                return added == 0 ? FriendRequestOutcome.AlreadyPending
                    : await BlocksAsync(s, to, from) ? FriendRequestOutcome.Hidden
                    : FriendRequestOutcome.Requested;
            },
            cancellationToken);
    }

    // A user's (@me) pending requests both ways, oldest first; those from users @me blocks are hidden.
    private static readonly string FriendRequestsOfUser = $"""
        SELECT {Rows.FriendRequestColumns} FROM {Rows.FriendRequestSource}
        WHERE r.from_id = @me
           OR (r.to_id = @me AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = @me AND b.blocked_id = r.from_id))
        ORDER BY r.created_at, r.from_id COLLATE "C", r.to_id COLLATE "C"
        """;

    /// <inheritdoc />
    public Task<IReadOnlyList<FriendRequestRecord>> ListFriendRequestsAsync(string userId, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<FriendRequestRecord>>(
            async s => await s.Sql(FriendRequestsOfUser)
                .With("me", userId)
                .ReadListAsync(Rows.FriendRequest, s.CancellationToken),
            cancellationToken);

    /// <inheritdoc />
    public Task<bool> AcceptFriendRequestAsync(string userId, string requesterId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        long millis = UnixTime.ToMillis(at);
        return WriteAsync(
            async s =>
            {
                await LockPairAsync(s, userId, requesterId);
                if (!await HasRequestAsync(s, requesterId, userId) || await BlocksAsync(s, userId, requesterId))
                {
                    return false;
                }

                await MakeFriendsAsync(s, userId, requesterId, millis);
                return true;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> DeleteFriendRequestAsync(string from, string to, CancellationToken cancellationToken = default) =>
        WriteAsync(async s => await DeleteRequestAsync(s, from, to) > 0, cancellationToken);

    /// <inheritdoc />
    public Task<bool> RemoveFriendshipAsync(string userA, string userB, CancellationToken cancellationToken = default) =>
        WriteAsync(async s => await DeleteFriendRowsAsync(s, userA, userB) > 0, cancellationToken);

    /// <inheritdoc />
    public Task<BlockResult> BlockUserAsync(string blocker, string blocked, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        PairRules.RequireTwoUsers(blocker, blocked, "A user cannot block themselves.");

        long millis = UnixTime.ToMillis(at);
        return WriteAsync(
            async s =>
            {
                await LockPairAsync(s, blocker, blocked);
                int added = await s.Sql("""
                        INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES (@blocker, @blocked, @at)
                        ON CONFLICT (blocker_id, blocked_id) DO NOTHING
                        """)
                    .With("blocker", blocker)
                    .With("blocked", blocked)
                    .With("at", millis)
                    .ExecuteAsync(s.CancellationToken);
                bool ended = await DeleteFriendRowsAsync(s, blocker, blocked) > 0;
                await DeleteRequestsBetweenAsync(s, blocker, blocked);
                return new BlockResult(added > 0, ended);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> UnblockUserAsync(string blocker, string blocked, CancellationToken cancellationToken = default) =>
        WriteAsync(
            async s =>
            {
                await LockPairAsync(s, blocker, blocked);
                int removed = await s.Sql("DELETE FROM blocks WHERE blocker_id = @blocker AND blocked_id = @blocked")
                    .With("blocker", blocker)
                    .With("blocked", blocked)
                    .ExecuteAsync(s.CancellationToken);
                if (removed > 0)
                {
                    await DeleteRequestsBetweenAsync(s, blocker, blocked);
                }

                return removed > 0;
            },
            cancellationToken);

    /// <inheritdoc />
    public Task<bool> IsBlockedAsync(string blocker, string blocked, CancellationToken cancellationToken = default) =>
        ReadAsync(s => BlocksAsync(s, blocker, blocked), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlySet<string>> BlockersAmongAsync(string blocked, IReadOnlyCollection<string> candidates, CancellationToken cancellationToken = default) =>
        IdsAmongAsync("SELECT b.blocker_id FROM blocks b WHERE b.blocked_id = @user AND b.blocker_id = ANY(@candidates)", blocked, candidates, cancellationToken);

    // The users @me blocks, by nickname.
    private static readonly string BlockedByUser = $"""
        SELECT {Rows.UserColumns} FROM blocks b JOIN users u ON u.user_id = b.blocked_id
        WHERE b.blocker_id = @me
        ORDER BY u.nickname_folded COLLATE "C", u.user_id COLLATE "C"
        """;

    /// <inheritdoc />
    public Task<IReadOnlyList<UserRecord>> ListBlockedAsync(string blocker, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<UserRecord>>(
            async s => await s.Sql(BlockedByUser)
                .With("me", blocker)
                .ReadListAsync(Rows.User, s.CancellationToken),
            cancellationToken);

    /// <summary>Holds the pair's lock to the end of the transaction: changes between two users take turns.</summary>
    private static Task<int> LockPairAsync(PgSession s, string userA, string userB) =>
        s.Sql("SELECT pg_advisory_xact_lock(@class, hashtext(@pair))")
            .With("class", PairLockClass)
            .With("pair", string.CompareOrdinal(userA, userB) < 0 ? userA + "\n" + userB : userB + "\n" + userA)
            .ExecuteAsync(s.CancellationToken);

    private static async Task<bool> IsFriendAsync(PgSession s, string userId, string friendId) =>
        await s.Sql("SELECT 1 FROM friendships WHERE user_id = @a AND friend_id = @b")
            .With("a", userId)
            .With("b", friendId)
            .ScalarInt64Async(s.CancellationToken) is not null;

    private static async Task<bool> BlocksAsync(PgSession s, string blocker, string blocked) =>
        await s.Sql("SELECT 1 FROM blocks WHERE blocker_id = @blocker AND blocked_id = @blocked")
            .With("blocker", blocker)
            .With("blocked", blocked)
            .ScalarInt64Async(s.CancellationToken) is not null;

    private static async Task<bool> HasRequestAsync(PgSession s, string from, string to) =>
        await s.Sql("SELECT 1 FROM friend_requests WHERE from_id = @from AND to_id = @to")
            .With("from", from)
            .With("to", to)
            .ScalarInt64Async(s.CancellationToken) is not null;

    private static Task<int> DeleteRequestAsync(PgSession s, string from, string to) =>
        s.Sql("DELETE FROM friend_requests WHERE from_id = @from AND to_id = @to")
            .With("from", from)
            .With("to", to)
            .ExecuteAsync(s.CancellationToken);

    private static async Task DeleteRequestsBetweenAsync(PgSession s, string userA, string userB)
    {
        await DeleteRequestAsync(s, userA, userB);
        await DeleteRequestAsync(s, userB, userA);
    }

    /// <summary>Ends a friendship, both rows; how many went (0 when they were not friends).</summary>
    private static Task<int> DeleteFriendRowsAsync(PgSession s, string userA, string userB) =>
        s.Sql("""
                DELETE FROM friendships
                WHERE (user_id = @a AND friend_id = @b) OR (user_id = @b AND friend_id = @a)
                """)
            .With("a", userA)
            .With("b", userB)
            .ExecuteAsync(s.CancellationToken);
}
