using Relink.Protocol.Messages;
using Relink.Server.Chat;
using Relink.Server.Sessions;
using Relink.Storage;

namespace Relink.Server.Cluster;

/// <summary>
/// Pushes this node's sessions what the store holds past their delivery cursors, so an online recipient gets every
/// message the bus did not bring without waiting for its client's own periodic sync: after a bus outage, after a bus
/// too slow to confirm a login's subscriptions, and for one user after a group join opened a room here. Requests for
/// a whole pass that come while one runs are folded into one more pass.
/// </summary>
public sealed partial class ClusterCatchUp(SessionRegistry sessions, IChatStore store, ILogger<ClusterCatchUp> logger)
{
    /// <summary>Newest messages pushed per talk; a client that is further behind repairs the gap below them itself.</summary>
    public const int MessagesPerTalk = 100;

    /// <summary>Talks looked at per session (those with the newest activity first).</summary>
    public const int TalksPerSession = 256;

    private int _state; // 0 idle, 1 running, 2 running and asked again

    /// <summary>Completed passes (tests wait on it).</summary>
    public int Passes => Volatile.Read(ref _passes);

    private int _passes;

    /// <summary>Starts a pass, or one more after the running one.</summary>
    public void Request()
    {
        if (Interlocked.Exchange(ref _state, 2) == 0)
        {
            _ = Task.Run(RunAsync);
        }
    }

    /// <summary>
    /// Catches up this node's sessions of one user (after one of them joined a group whose messages were not routed
    /// here yet); a failure is left to the client's own sync.
    /// </summary>
    public async Task CatchUpUserAsync(string userId)
    {
        foreach (var session in sessions.SessionsOf(userId))
        {
            await TryCatchUpAsync(session);
        }
    }

    private async Task RunAsync()
    {
        do
        {
            Volatile.Write(ref _state, 1);
            int pushed = 0, failed = 0;
            foreach (string userId in sessions.OnlineUserIds)
            {
                foreach (var session in sessions.SessionsOf(userId))
                {
                    if (await TryCatchUpAsync(session) is { } count)
                    {
                        pushed += count;
                    }
                    else
                    {
                        failed++;
                    }
                }
            }

            Interlocked.Increment(ref _passes);
            LogPass(pushed, failed);
        }
        while (Interlocked.CompareExchange(ref _state, 0, 1) != 1);
    }

    /// <summary>Catches one session up; null when the store failed (the client's own sync repairs it later).</summary>
    private async Task<int?> TryCatchUpAsync(Session session)
    {
        try
        {
            return await CatchUpAsync(session);
        }
        catch (Exception e) when (e is StoreUnavailableException or InvalidOperationException)
        {
            return null;
        }
    }

    private async Task<int> CatchUpAsync(Session session)
    {
        if (session.User is not { } user)
        {
            return 0;
        }

        int pushed = 0;
        foreach (var talk in await store.ListTalksBehindAsync(user.UserId, session.DeviceId, TalksPerSession))
        {
            var page = await store.GetMessagesAsync(talk.ConversationId, afterSeq: null, beforeSeq: 0, MessagesPerTalk);
            foreach (var message in page.Messages.Where(m => m.Seq > talk.DeliveredSeq).OrderBy(m => m.Seq))
            {
                if (session.Push(new OutboundFrame(new Envelope { Message = new MessagePush { Message = ProtoMapping.Message(message, user.UserId) } })))
                {
                    pushed++;
                }
            }
        }

        return pushed;
    }

    [LoggerMessage(EventId = 7020, Level = LogLevel.Information, Message = "Store catch-up after a bus outage: pushed {Pushed} messages ({Failed} sessions failed)")]
    private partial void LogPass(int pushed, int failed);
}
