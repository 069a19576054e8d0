using Relink.Server.Configuration;
using Relink.Server.Presence;
using Relink.Server.Sessions;
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

    /// <inheritdoc />
    /// <remarks>
    /// A node whose lease runs past now renewed it for <see cref="RelinkServerOptions.NodeLease"/> no earlier than one
    /// lease ago, so its clients were heard about then at least (the rule <see cref="DeadNodeTakeover"/> applies to a
    /// dead node's last renewal); a session that logged in since was heard at its login.
    /// </remarks>
    public async Task<DateTimeOffset?> HeardElsewhereAsync(string userId)
    {
        if (store is not IClusterDirectory directory)
        {
            return null;
        }

        var now = time.GetUtcNow();
        DateTimeOffset? heard = null;
        foreach (var session in await directory.ListLiveSessionsAsync([userId], now))
        {
            if (session.NodeId != options.EffectiveNodeId)
            {
                var renewedBy = now - options.NodeLease;
                var at = SessionIds.LoggedInAt(session.SessionId) is { } login && login > renewedBy ? login : renewedBy;
                heard = heard is { } earlier && earlier >= at ? earlier : at;
            }
        }

        return heard is { } seen && seen > now ? now : heard;
    }

    private static readonly IReadOnlySet<string> EmptySet = new HashSet<string>();
}
