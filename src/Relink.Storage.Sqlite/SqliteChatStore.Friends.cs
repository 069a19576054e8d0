using System.Text.Json;
using Relink.Storage.Relational;
using Relink.Storage.Sqlite.Sql;

namespace Relink.Storage.Sqlite;

public sealed partial class SqliteChatStore
{
    /// <inheritdoc />
    public Task<bool> AddFriendshipAsync(string userA, string userB, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        PairRules.RequireTwoUsers(userA, userB, "A user cannot befriend themselves.");

        long millis = UnixTime.ToMillis(at);
        return WriteAsync(s => MakeFriends(s, userA, userB, millis), cancellationToken);
    }

    /// <inheritdoc />
    public Task OpenDirectConversationAsync(string userA, string userB, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        PairRules.RequireTwoUsers(userA, userB, "A user cannot talk with themselves.");

        long millis = UnixTime.ToMillis(at);
        return WriteAsync(s => CreateDirectConversation(s, userA, userB, millis), cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> AreFriendsAsync(string userA, string userB, CancellationToken cancellationToken = default) =>
        ReadAsync(s => IsFriend(s, userA, userB), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<UserRecord>> ListFriendsAsync(string userId, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<UserRecord>>(
            s => s.Prepare($"""
                    SELECT {Rows.UserColumns} FROM friendships f JOIN users u ON u.user_id = f.friend_id
                    WHERE f.user_id = $me
                    ORDER BY u.nickname_folded, u.user_id
                    """)
                .With("$me", userId)
                .ReadList(Rows.User),
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlySet<string>> FilterFriendsAsync(string userId, IReadOnlyCollection<string> candidates, CancellationToken cancellationToken = default) =>
        IdsAmongAsync(
            """
            SELECT f.friend_id FROM friendships f
            WHERE f.user_id = $user AND f.friend_id IN (SELECT value FROM json_each($candidates))
            """,
            userId,
            candidates,
            cancellationToken);

    /// <summary>
    /// The ids <paramref name="sql"/> selects out of <paramref name="candidates"/> for <paramref name="userId"/> ($user).
    /// The candidates travel as one JSON array parameter ($candidates): no SQL built from input, one statement for any
    /// count.
    /// </summary>
    private Task<IReadOnlySet<string>> IdsAmongAsync(string sql, string userId, IReadOnlyCollection<string> candidates, CancellationToken cancellationToken)
    {
        if (candidates.Count == 0)
        {
            return Task.FromResult<IReadOnlySet<string>>(new HashSet<string>(StringComparer.Ordinal));
        }

        string candidateArray = JsonSerializer.Serialize(candidates);
        return ReadAsync<IReadOnlySet<string>>(
            s => s.Prepare(sql)
                .With("$user", userId)
                .With("$candidates", candidateArray)
                .ReadList(r => r.GetString(0))
                .ToHashSet(StringComparer.Ordinal),
            cancellationToken);
    }

    /// <summary>
    /// The one way a friendship is made: both rows, the direct conversation, and no pending request left between
    /// the two. True when they were not friends before.
    /// </summary>
    private static bool MakeFriends(StatementCache s, string userA, string userB, long millis)
    {
        int added = AddFriendRow(s, userA, userB, millis) + AddFriendRow(s, userB, userA, millis);
        CreateDirectConversation(s, userA, userB, millis);
        DeleteRequestsBetween(s, userA, userB);
        return added > 0;
    }

    private static int AddFriendRow(StatementCache s, string userId, string friendId, long millis) =>
        s.Prepare("""
                INSERT INTO friendships (user_id, friend_id, created_at) VALUES ($user, $friend, $at)
                ON CONFLICT (user_id, friend_id) DO NOTHING
                """)
            .With("$user", userId)
            .With("$friend", friendId)
            .With("$at", millis)
            .Execute();
}
