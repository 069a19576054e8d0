using Relink.Storage.Relational;
using Relink.Storage.Sqlite.Sql;

namespace Relink.Storage.Sqlite;

public sealed partial class SqliteChatStore
{
    /// <inheritdoc />
    public Task<FriendRequestOutcome> RequestFriendshipAsync(string from, string to, string note, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        PairRules.RequireTwoUsers(from, to, "A user cannot befriend themselves.");

        long millis = UnixTime.ToMillis(at);
        // One writer runs every change, so the checks and the insert below cannot interleave with a crossing request.
        return WriteAsync(
            s =>
            {
                if (IsFriend(s, from, to))
                {
                    return FriendRequestOutcome.AlreadyFriends;
                }

                if (Blocks(s, from, to))
                {
                    return FriendRequestOutcome.RequesterBlocks;
                }

                if (HasRequest(s, to, from))
                {
                    MakeFriends(s, from, to, millis);
                    return FriendRequestOutcome.BecameFriends;
                }

                int added = s.Prepare("""
                        INSERT INTO friend_requests (from_id, to_id, note, created_at) VALUES ($from, $to, $note, $at)
                        ON CONFLICT (from_id, to_id) DO NOTHING
                        """)
                    .With("$from", from)
                    .With("$to", to)
                    .With("$note", note)
                    .With("$at", millis)
                    .Execute();
                return added == 0 ? FriendRequestOutcome.AlreadyPending
                    : Blocks(s, to, from) ? FriendRequestOutcome.Hidden
                    : FriendRequestOutcome.Requested;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<FriendRequestRecord>> ListFriendRequestsAsync(string userId, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<FriendRequestRecord>>(
            s => s.Prepare($"""
                    SELECT {Rows.FriendRequestColumns} FROM {Rows.FriendRequestSource}
                    WHERE r.from_id = $me
                       OR (r.to_id = $me AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = $me AND b.blocked_id = r.from_id))
                    ORDER BY r.created_at, r.from_id, r.to_id
                    """)
                .With("$me", userId)
                .ReadList(Rows.FriendRequest),
            cancellationToken);

    /// <inheritdoc />
    public Task<bool> AcceptFriendRequestAsync(string userId, string requesterId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        long millis = UnixTime.ToMillis(at);
        return WriteAsync(
            s =>
            {
                if (!HasRequest(s, requesterId, userId) || Blocks(s, userId, requesterId))
                {
                    return false;
                }

                MakeFriends(s, userId, requesterId, millis);
                return true;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> DeleteFriendRequestAsync(string from, string to, CancellationToken cancellationToken = default) =>
        WriteAsync(s => DeleteRequest(s, from, to) > 0, cancellationToken);

    /// <inheritdoc />
    public Task<bool> RemoveFriendshipAsync(string userA, string userB, CancellationToken cancellationToken = default) =>
        WriteAsync(s => DeleteFriendRows(s, userA, userB) > 0, cancellationToken);

    /// <inheritdoc />
    public Task<BlockResult> BlockUserAsync(string blocker, string blocked, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        PairRules.RequireTwoUsers(blocker, blocked, "A user cannot block themselves.");

        long millis = UnixTime.ToMillis(at);
        return WriteAsync(
            s =>
            {
                int added = s.Prepare("""
                        INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES ($blocker, $blocked, $at)
                        ON CONFLICT (blocker_id, blocked_id) DO NOTHING
                        """)
                    .With("$blocker", blocker)
                    .With("$blocked", blocked)
                    .With("$at", millis)
                    .Execute();
                bool ended = DeleteFriendRows(s, blocker, blocked) > 0;
                DeleteRequestsBetween(s, blocker, blocked);
                return new BlockResult(added > 0, ended);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> UnblockUserAsync(string blocker, string blocked, CancellationToken cancellationToken = default) =>
        WriteAsync(
            s =>
            {
                int removed = s.Prepare("DELETE FROM blocks WHERE blocker_id = $blocker AND blocked_id = $blocked")
                    .With("$blocker", blocker)
                    .With("$blocked", blocked)
                    .Execute();
                if (removed > 0)
                {
                    DeleteRequestsBetween(s, blocker, blocked);
                }

                return removed > 0;
            },
            cancellationToken);

    /// <inheritdoc />
    public Task<bool> IsBlockedAsync(string blocker, string blocked, CancellationToken cancellationToken = default) =>
        ReadAsync(s => Blocks(s, blocker, blocked), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlySet<string>> BlockersAmongAsync(string blocked, IReadOnlyCollection<string> candidates, CancellationToken cancellationToken = default) =>
        IdsAmongAsync(
            """
            SELECT b.blocker_id FROM blocks b
            WHERE b.blocked_id = $user AND b.blocker_id IN (SELECT value FROM json_each($candidates))
            """,
            blocked,
            candidates,
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<UserRecord>> ListBlockedAsync(string blocker, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<UserRecord>>(
            s => s.Prepare($"""
                    SELECT {Rows.UserColumns} FROM blocks b JOIN users u ON u.user_id = b.blocked_id
                    WHERE b.blocker_id = $me
                    ORDER BY u.nickname_folded, u.user_id
                    """)
                .With("$me", blocker)
                .ReadList(Rows.User),
            cancellationToken);

    private static bool IsFriend(StatementCache s, string userId, string friendId) =>
        s.Prepare("SELECT 1 FROM friendships WHERE user_id = $a AND friend_id = $b")
            .With("$a", userId)
            .With("$b", friendId)
            .ScalarInt64() is not null;

    private static bool Blocks(StatementCache s, string blocker, string blocked) =>
        s.Prepare("SELECT 1 FROM blocks WHERE blocker_id = $blocker AND blocked_id = $blocked")
            .With("$blocker", blocker)
            .With("$blocked", blocked)
            .ScalarInt64() is not null;

    private static bool HasRequest(StatementCache s, string from, string to) =>
        s.Prepare("SELECT 1 FROM friend_requests WHERE from_id = $from AND to_id = $to")
            .With("$from", from)
            .With("$to", to)
            .ScalarInt64() is not null;

    private static int DeleteRequest(StatementCache s, string from, string to) =>
        s.Prepare("DELETE FROM friend_requests WHERE from_id = $from AND to_id = $to")
            .With("$from", from)
            .With("$to", to)
            .Execute();

    private static void DeleteRequestsBetween(StatementCache s, string userA, string userB)
    {
        DeleteRequest(s, userA, userB);
        DeleteRequest(s, userB, userA);
    }

    /// <summary>Ends a friendship, both rows; how many went (0 when they were not friends).</summary>
    private static int DeleteFriendRows(StatementCache s, string userA, string userB) =>
        s.Prepare("""
                DELETE FROM friendships
                WHERE (user_id = $a AND friend_id = $b) OR (user_id = $b AND friend_id = $a)
                """)
            .With("$a", userA)
            .With("$b", userB)
            .Execute();
}
