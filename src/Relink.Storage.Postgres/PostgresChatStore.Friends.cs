using Relink.Storage.Relational;
using Relink.Storage.Postgres.Sql;

namespace Relink.Storage.Postgres;

public sealed partial class PostgresChatStore
{
    /// <inheritdoc />
    public Task<bool> AddFriendshipAsync(string userA, string userB, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        PairRules.RequireTwoUsers(userA, userB, "A user cannot befriend themselves.");

        long millis = UnixTime.ToMillis(at);
        return WriteAsync(
            async s =>
            {
                await LockPairAsync(s, userA, userB);
                return await MakeFriendsAsync(s, userA, userB, millis);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task OpenDirectConversationAsync(string userA, string userB, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        PairRules.RequireTwoUsers(userA, userB, "A user cannot talk with themselves.");

        long millis = UnixTime.ToMillis(at);
        return WriteAsync(s => CreateDirectConversationAsync(s, userA, userB, millis), cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> AreFriendsAsync(string userA, string userB, CancellationToken cancellationToken = default) =>
        ReadAsync(s => IsFriendAsync(s, userA, userB), cancellationToken);

    // A user's friends (@me), by nickname.
    private static readonly string FriendsOfUser = $"""
        SELECT {Rows.UserColumns} FROM friendships f JOIN users u ON u.user_id = f.friend_id
        WHERE f.user_id = @me
        ORDER BY u.nickname_folded COLLATE "C", u.user_id COLLATE "C"
        """;

    /// <inheritdoc />
    public Task<IReadOnlyList<UserRecord>> ListFriendsAsync(string userId, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<UserRecord>>(
            async s => await s.Sql(FriendsOfUser)
                .With("me", userId)
                .ReadListAsync(Rows.User, s.CancellationToken),
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlySet<string>> FilterFriendsAsync(string userId, IReadOnlyCollection<string> candidates, CancellationToken cancellationToken = default) =>
        IdsAmongAsync("SELECT f.friend_id FROM friendships f WHERE f.user_id = @user AND f.friend_id = ANY(@candidates)", userId, candidates, cancellationToken);

    /// <summary>
    /// The ids <paramref name="sql"/> selects out of <paramref name="candidates"/> for <paramref name="userId"/> (@user).
    /// The candidates travel as one array parameter (@candidates): no SQL built from input, one statement for any count.
    /// </summary>
    private Task<IReadOnlySet<string>> IdsAmongAsync(string sql, string userId, IReadOnlyCollection<string> candidates, CancellationToken cancellationToken)
    {
        if (candidates.Count == 0)
        {
            return Task.FromResult<IReadOnlySet<string>>(new HashSet<string>(StringComparer.Ordinal));
        }

        string[] candidateArray = [.. candidates];
        return ReadAsync<IReadOnlySet<string>>(
            async s => (await s.Sql(sql)
                    .With("user", userId)
                    .With("candidates", candidateArray)
                    .ReadListAsync(r => r.GetString(0), s.CancellationToken))
                .ToHashSet(StringComparer.Ordinal),
            cancellationToken);
    }

    /// <summary>
    /// The one way a friendship is made: both rows, the direct conversation, and no pending request left between
    /// the two. True when they were not friends before.
    /// </summary>
    private static async Task<bool> MakeFriendsAsync(PgSession s, string userA, string userB, long millis)
    {
        int added = await AddFriendRowAsync(s, userA, userB, millis) + await AddFriendRowAsync(s, userB, userA, millis);
        await CreateDirectConversationAsync(s, userA, userB, millis);
        await DeleteRequestsBetweenAsync(s, userA, userB);
        return added > 0;
    }

    private static Task<int> AddFriendRowAsync(PgSession s, string userId, string friendId, long millis) =>
        s.Sql("""
                INSERT INTO friendships (user_id, friend_id, created_at) VALUES (@user, @friend, @at)
                ON CONFLICT (user_id, friend_id) DO NOTHING
                """)
            .With("user", userId)
            .With("friend", friendId)
            .With("at", millis)
            .ExecuteAsync(s.CancellationToken);
}
