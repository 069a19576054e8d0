using Relink.Server.Configuration;
using Relink.Server.Presence;
using Relink.Storage;

namespace Relink.Server.Cluster;

/// <summary>
/// Whether a user has a device on another node, from the session directory in the store: a session listed by a
/// node whose lease is still running. Asked once per OFFLINE that falls due, not per connection.
/// </summary>
public sealed class ClusterPresenceElsewhere(IChatStore store, RelinkServerOptions options, TimeProvider time) : IPresenceElsewhere
{
    /// <inheritdoc />
    public async Task<bool> IsOnlineElsewhereAsync(string userId)
    {
        if (store is not IClusterDirectory directory)
        {
            return false;
        }

        var live = await directory.ListLiveSessionsAsync([userId], time.GetUtcNow());
        return live.Any(s => s.NodeId != options.EffectiveNodeId);
    }
}
