using System.Threading.Channels;
using Relink.Protocol.Messages;
using Relink.Server.Access;
using Relink.Server.Chat;
using Relink.Server.Sessions;

namespace Relink.Server.Cluster;

/// <summary>
/// This node's side of the cluster: relays what <see cref="SessionRegistry"/> does to the other nodes over the
/// bus, keeps the bus subscribed to exactly the users and groups this node holds sessions of, and hands what the
/// other nodes send to this node's sessions. Everything it publishes was committed before (the chat service
/// pushes only after the store answered).
/// </summary>
/// <remarks>
/// Publications leave in the order the registry made them, through one bounded queue and one loop, so a user's
/// pushes from one node arrive in order. While the bus is down publications fail and are dropped; when it is back
/// every node catches its sessions up from the store.
/// </remarks>
public sealed partial class ClusterRouter : ISessionRelay, IAccessChangeRelay, IAsyncDisposable
{
    private const int OutboxCapacity = 65_536;
    // How long a change of who may use what waits for the bus before it is answered anyway: a bus that does not take
    // it within this is down, and the other nodes' caches fall back to their age limit.
    private static readonly TimeSpan AccessChangeTimeout = TimeSpan.FromSeconds(1);
    private readonly IClusterBus _bus;
    private readonly SessionRegistry _sessions;
    private readonly ChatService _chat;
    private readonly ClusterCatchUp _catchUp;
    private readonly ClusterDirectory _directory;
    private readonly IConversationAccess _access;
    private readonly Receipts.LocalReadSignalPublisher _reads;
    private readonly Presence.PresenceTracker _presence;
    private readonly ILogger<ClusterRouter> _logger;
    private readonly Channel<(string Subject, byte[] Payload)> _outbox =
        Channel.CreateBounded<(string, byte[])>(new BoundedChannelOptions(OutboxCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ClusterSubscriptions _subscriptions;
    private Task _publishing = Task.CompletedTask;

    /// <summary>Wires the router between the registry and the bus (the registry relays through it from now on).</summary>
    public ClusterRouter(
        IClusterBus bus, SessionRegistry sessions, ChatService chat, ClusterCatchUp catchUp, ClusterDirectory directory, IConversationAccess access,
        Presence.PresenceTracker presence, ILogger<ClusterRouter> logger)
    {
        _presence = presence;
        _bus = bus;
        _sessions = sessions;
        _chat = chat;
        _catchUp = catchUp;
        _directory = directory;
        _access = access;
        _reads = new Receipts.LocalReadSignalPublisher(sessions);
        _logger = logger;
        _subscriptions = new ClusterSubscriptions(bus, sessions, catchUp, logger);
        _bus.Restored += OnBusRestored;
        sessions.Relay = this;
        chat.AccessRelay = this;
        if (access is ConversationAccessCache cache)
        {
            // Changes made on other nodes arrive over the bus while it is up; only while it is down does the cache
            // fall back to trusting an answer for a limited time.
            cache.InvalidationsArrive = () => _bus.IsConnected;
        }
    }

    /// <summary>Subscribes the control subject and starts the loops.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _bus.StartAsync(ReceiveAsync, cancellationToken);
        await _bus.SubscribeAsync(ClusterSubjects.Control);
        _publishing = Task.Run(PublishLoopAsync, CancellationToken.None);
        _subscriptions.Start();
    }

    /// <inheritdoc />
    public void InterestChanged(string id, bool group) => _subscriptions.Changed(id, group);

    /// <inheritdoc />
    public Task SubscriptionsInPlaceAsync() => _subscriptions.InPlaceAsync();

    /// <inheritdoc />
    public void GroupRoomOpened(string userId) => _ = CatchUpOnceRoutedAsync(userId);

    private async Task CatchUpOnceRoutedAsync(string userId)
    {
        await _subscriptions.InPlaceAsync();
        await _catchUp.CatchUpUserAsync(userId);
    }

    /// <inheritdoc />
    public void ToUser(string userId, OutboundFrame frame) =>
        Publish(ClusterSubjects.User(userId), new ClusterFrame(ClusterFrameKind.UserPush, userId, "", "", frame.Protobuf));

    /// <inheritdoc />
    public void ToGroup(string groupId, OutboundFrame frame, string? exceptUser) =>
        Publish(ClusterSubjects.Group(groupId), new ClusterFrame(ClusterFrameKind.GroupPush, groupId, exceptUser ?? "", "", frame.Protobuf));

    /// <inheritdoc />
    public void MembershipChanged(string userId, string groupId, bool joined) =>
        Publish(ClusterSubjects.User(userId), new ClusterFrame(joined ? ClusterFrameKind.Joined : ClusterFrameKind.Left, userId, groupId, "", default));

    /// <inheritdoc />
    public void LoggedIn(string userId, string deviceId, string sessionId)
    {
        _directory.Listed(userId, deviceId, sessionId);
        Publish(ClusterSubjects.User(userId), new ClusterFrame(ClusterFrameKind.LoggedIn, userId, deviceId, sessionId, default));
    }

    /// <inheritdoc />
    public void SessionEnded(Session session) => _directory.Unlisted(session.SessionId);

    /// <summary>
    /// Tells every node that this one took over a dead node's session of <paramref name="userId"/>, last heard at
    /// <paramref name="lastHeard"/> (<see cref="Presence.PresenceTracker.HeardOnDeadNode"/>). Best effort, like every
    /// presence push: with the bus down, another node may announce an earlier last-seen.
    /// </summary>
    public void HeardOnDeadNode(string userId, DateTimeOffset lastHeard) =>
        Publish(ClusterSubjects.Control, new ClusterFrame(
            ClusterFrameKind.HeardOnDeadNode, userId, lastHeard.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), "", default));

    /// <inheritdoc />
    public void SignedOut(string userId, Envelope kicked) =>
        Publish(ClusterSubjects.User(userId), new ClusterFrame(ClusterFrameKind.SignedOut, userId, "", "", Google.Protobuf.MessageExtensions.ToByteArray(kicked)));

    /// <inheritdoc />
    public ValueTask FriendshipChangedAsync(string userA, string userB) =>
        PublishNowAsync(new ClusterFrame(ClusterFrameKind.FriendshipChanged, userA, userB, "", default));

    /// <inheritdoc />
    public ValueTask MembershipChangedAsync(string groupId) =>
        PublishNowAsync(new ClusterFrame(ClusterFrameKind.MembershipChanged, groupId, "", "", default));

    /// <summary>
    /// Publishes on the control subject past the outbox (a change of access is rare and its order against pushes
    /// does not matter), and waits until the bus has taken it: the request that made the change is answered only
    /// then, so the other nodes drop their answers ahead of any send the answer can lead to.
    /// </summary>
    private async ValueTask PublishNowAsync(ClusterFrame frame)
    {
        if (!_bus.IsConnected)
        {
            // The other nodes' caches trust answers for a limited time while the bus is down, and forget everything
            // when it returns.
            return;
        }

        try
        {
            await _bus.PublishAsync(ClusterSubjects.Control, frame.ToBytes()).AsTask().WaitAsync(AccessChangeTimeout);
            await _bus.FlushAsync().AsTask().WaitAsync(AccessChangeTimeout);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogPublishFailed(ClusterSubjects.Control, e.Message);
        }
    }

    private void Publish(string subject, ClusterFrame frame)
    {
        if (!_outbox.Writer.TryWrite((subject, frame.ToBytes())))
        {
            // The bus has been down for long: the catch-up after its return brings the message from the store.
            LogPublishFailed(subject, "the queue to the bus is full");
        }
    }

    private async Task PublishLoopAsync()
    {
        await foreach (var (subject, payload) in _outbox.Reader.ReadAllAsync())
        {
            if (!_bus.IsConnected)
            {
                // Dropped at once rather than waiting out a publish timeout each: the catch-up after the bus's
                // return brings these messages from the store.
                continue;
            }

            try
            {
                await _bus.PublishAsync(subject, payload);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The bus is down: this push is lost to the other nodes, and the catch-up after the restore
                // (every node's, asked for by the restored node) brings its message from the store.
                LogPublishFailed(subject, e.Message);
            }
        }
    }

    private ValueTask ReceiveAsync(string subject, byte[] payload)
    {
        if (ClusterFrame.Parse(payload) is not { } frame)
        {
            LogUnreadable(subject);
            return ValueTask.CompletedTask;
        }

        switch (frame.Kind)
        {
            case ClusterFrameKind.UserPush:
                LandForUser(frame.A, Envelope.Parser.ParseFrom(frame.Body.Span));
                break;
            case ClusterFrameKind.GroupPush:
                LandForGroup(frame.A, Envelope.Parser.ParseFrom(frame.Body.Span), frame.B.Length == 0 ? null : frame.B);
                break;
            case ClusterFrameKind.Joined:
                _sessions.JoinGroupHere(frame.A, frame.B);
                break;
            case ClusterFrameKind.Left:
                _sessions.LeaveGroupHere(frame.A, frame.B);
                break;
            case ClusterFrameKind.LoggedIn:
                return new ValueTask(_chat.DisplaceForLoginElsewhereAsync(frame.A, frame.B, frame.C));
            case ClusterFrameKind.SignedOut:
                _chat.KickHere(frame.A, Envelope.Parser.ParseFrom(frame.Body.Span), except: null);
                break;
            case ClusterFrameKind.CatchUp:
                // The node that asks was cut off: the changes of access it made meanwhile never reached this node.
                ForgetAccessAnswers();
                _catchUp.Request();
                break;
            case ClusterFrameKind.FriendshipChanged:
                _access.Invalidate(frame.A);
                _access.Invalidate(frame.B);
                break;
            case ClusterFrameKind.MembershipChanged:
                _access.InvalidateGroup(frame.A);
                break;
            case ClusterFrameKind.HeardOnDeadNode:
                if (long.TryParse(frame.B, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long heardMs))
                {
                    _presence.HeardOnDeadNode(frame.A, DateTimeOffset.FromUnixTimeMilliseconds(heardMs));
                }

                break;
        }

        return ValueTask.CompletedTask;
    }

    // Read signals land through the receipts rules, which decide per session (receipts off, the reader's own
    // sessions); everything else goes to the user's or group's sessions here as it came.
    private void LandForUser(string userId, Envelope envelope)
    {
        switch (envelope.BodyCase)
        {
            case Envelope.BodyOneofCase.ReadNotice:
                _reads.ToUser(userId, envelope.ReadNotice);
                break;
            case Envelope.BodyOneofCase.ReadReceiptsChanged:
                _reads.OwnNoticeArrived(userId, envelope);
                break;
            default:
                _sessions.PublishToUserHere(userId, new OutboundFrame(envelope));
                break;
        }
    }

    private void LandForGroup(string groupId, Envelope envelope, string? exceptUser)
    {
        if (envelope.BodyCase == Envelope.BodyOneofCase.ReadNotice)
        {
            _reads.ToGroup(groupId, envelope.ReadNotice);
        }
        else
        {
            _sessions.PublishToGroupHere(groupId, new OutboundFrame(envelope), exceptUser);
        }
    }

    private void OnBusRestored()
    {
        // This node missed what was published while it was away, and the others may have missed what this node
        // published: every node (this one included) catches its sessions up from the store. Changes of access
        // published meanwhile may be lost too, so every node forgets the answers it kept.
        ForgetAccessAnswers();
        Publish(ClusterSubjects.Control, new ClusterFrame(ClusterFrameKind.CatchUp, "", "", "", default));
        _catchUp.Request();
    }

    private void ForgetAccessAnswers()
    {
        if (_access is ConversationAccessCache cache)
        {
            cache.InvalidateAll();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _sessions.Relay = null;
        _chat.AccessRelay = null;
        _bus.Restored -= OnBusRestored;
        _outbox.Writer.TryComplete();
        await _publishing;
        await _subscriptions.StopAsync();
        await _bus.DisposeAsync();
    }

    [LoggerMessage(EventId = 7010, Level = LogLevel.Debug, Message = "Publishing on {Subject} failed: {Reason}")]
    private partial void LogPublishFailed(string subject, string reason);

    [LoggerMessage(EventId = 7012, Level = LogLevel.Warning, Message = "Dropped an unreadable bus message on {Subject}")]
    private partial void LogUnreadable(string subject);
}
