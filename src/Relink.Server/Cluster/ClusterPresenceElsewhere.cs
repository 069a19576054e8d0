using Relink.Server.Configuration;
using Relink.Server.Presence;
using Relink.Storage;

namespace Relink.Server.Cluster;

/// <summary>
/// Which users have a device on another node, from the session directory in the store: a session listed by a node
/// whose lease is still running. One indexed read per question (an OFFLINE falling due, a friend list, a search page).
/// </summary>
public sealed class ClusterPresenceElsewhere(IChatStore store, RelinkServerOptions options, TimeProvider time) : IPresenceElsewhere
{
    /// <inheritdoc />
    public async Task<IReadOnlySet<string>> OnlineElsewhereAsync(IReadOnlyCollection<string> userIds)
    {
        if (store is not IClusterDirectory directory || userIds.Count == 0)
        {
            return EmptySet;
        }

        var live = await directory.ListLiveSessionsAsync(userIds, time.GetUtcNow());
        return live.Where(s => s.NodeId != options.EffectiveNodeId).Select(s => s.UserId).ToHashSet(StringComparer.Ordinal);
    }

    private static readonly IReadOnlySet<string> EmptySet = new HashSet<string>();
}
