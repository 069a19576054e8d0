using Relink.Storage;

namespace Relink.Server.Hosting;

/// <summary>
/// User ids are one whatever their case. A database from before that rule may hold accounts whose ids differ only in
/// case ("Alice" and "alice"): the store keeps them all, and this says so plainly at start, naming each set, so the
/// operator decides (nothing is merged or dropped). Each still signs in with its exact id; no new id can join a set.
/// </summary>
public static partial class UserIdCollisionCheck
{
    /// <summary>Logs an error per set of colliding accounts; returns how many sets there are.</summary>
    public static async Task<int> ReportAsync(IChatStore store, ILogger logger, CancellationToken cancellationToken)
    {
        var collisions = await store.ListUserIdCollisionsAsync(cancellationToken);
        foreach (var ids in collisions)
        {
            LogCollision(logger, ids.Count, string.Join(", ", ids.Select(id => $"'{id}'")), ids[0]);
        }

        return collisions.Count;
    }

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error,
        Message = "{Count} accounts have user ids that differ only in case: {Ids}. User ids now ignore case; all are kept, each signs in with its exact id, and a sign-in in any other case reaches '{Oldest}' (the oldest). Nothing was merged or dropped: rename or disable all but one (docs/operations.md).")]
    private static partial void LogCollision(ILogger logger, int count, string ids, string oldest);
}
