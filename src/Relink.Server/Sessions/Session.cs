using Relink.Protocol.Messages;
using Relink.Server.Configuration;
using Relink.Storage;

namespace Relink.Server.Sessions;

/// <summary>
/// Who is on a connection. Identity is set here by a successful login (or resume) and nowhere else: no handler
/// reads "who am I" from a packet body.
/// </summary>
public sealed class Session
{
    private readonly object _holdGate = new();
    private UserRecord? _user;
    private List<OutboundFrame>? _held;
    private Limits.TokenBucket _sendBudget;
    private bool _sendBudgetSet;
    private readonly object _rateGate = new();
    private string? _refusedSend;
    private long _refusalAnsweredAt;
    private Guid _sessionId;

    /// <summary>Creates the anonymous session of a new connection.</summary>
    internal Session(ISessionLink connection)
    {
        Connection = connection;
    }

    /// <summary>The link this session rides on.</summary>
    public ISessionLink Connection { get; }

    /// <summary>The logged-in user, or null before login.</summary>
    public UserRecord? User => Volatile.Read(ref _user);

    /// <summary>The logged-in user's id; throws before login (handlers behind the auth check only).</summary>
    public string UserId => User?.UserId ?? throw new InvalidOperationException("Session is not authenticated.");

    /// <summary>The device the user logged in from; delivery cursors are kept per device.</summary>
    public string DeviceId { get; private set; } = "";

    /// <summary>
    /// Logged in for a few requests (a command-line tool's <c>friends list</c>): it takes no session of the account
    /// over, and is itself taken over like any session.
    /// </summary>
    public bool OneShot { get; private set; }

    /// <summary>Random id of this login, for logs and the client ("" before login).</summary>
    /// <remarks>Kept as a <see cref="Guid"/> and formatted on use: 16 bytes per session instead of an 88-byte string.</remarks>
    public string SessionId => _sessionId == Guid.Empty ? "" : _sessionId.ToString("N");

    /// <summary>
    /// The user the hosting app authenticated on this connection's upgrade request, or null (TCP, the standalone
    /// server, an anonymous visitor). When set, a login can only be this user's: the app, not a password, vouches.
    /// </summary>
    public HostIdentity? HostIdentity { get; internal set; }

    /// <summary>True once logged in.</summary>
    public bool IsAuthenticated => User is not null;

    /// <summary>Binds the session to a user. Called once, by login or resume.</summary>
    internal void Authenticate(UserRecord user, string deviceId, Guid sessionId, bool oneShot = false)
    {
        DeviceId = deviceId;
        OneShot = oneShot;
        _sessionId = sessionId;
        Volatile.Write(ref _user, user);
    }

    /// <summary>Takes one message from this connection's send budget; false when it is spent.</summary>
    internal bool TryTakeSendToken(LimitOptions limits, TimeProvider time)
    {
        if (limits.SendBurst <= 0)
        {
            return true;
        }

        if (!_sendBudgetSet)
        {
            _sendBudget = new Limits.TokenBucket(limits.SendBurst, limits.SendsPerSecond);
            _sendBudgetSet = true;
        }

        return _sendBudget.TryTake(time);
    }

    /// <summary>
    /// Takes a token for the message <paramref name="clientMsgId"/>, keeping the connection's order: once a message
    /// was refused for rate, every other message is refused too until the refused one comes again (or, should its
    /// sender have given it up, until the budget has had time to fill again since the refusal was answered). A client
    /// with several sends in flight thus never has a later message stored before the refused one it will send again.
    /// </summary>
    /// <remarks>
    /// The wait counts from the refusal's answer, not its decision: sends are answered in order after their commits,
    /// so the client may learn of a refusal well after it was made, and what it wrote meanwhile must still be held.
    /// </remarks>
    internal bool TryTakeSendToken(LimitOptions limits, TimeProvider time, string clientMsgId)
    {
        if (limits.SendBurst <= 0)
        {
            return true;
        }

        if (Volatile.Read(ref _refusedSend) is not null)
        {
            lock (_rateGate)
            {
                if (!string.Equals(_refusedSend, clientMsgId, StringComparison.Ordinal) && !GaveUpRefused(limits, time))
                {
                    return false;
                }

                _refusedSend = null;
                _refusalAnsweredAt = 0;
            }
        }

        if (TryTakeSendToken(limits, time))
        {
            return true;
        }

        lock (_rateGate)
        {
            _refusedSend = clientMsgId;
            _refusalAnsweredAt = 0;
        }

        return false;
    }

    /// <summary>The client was told that <paramref name="clientMsgId"/> was refused for rate (its answer is queued).</summary>
    internal void RateRefusalAnswered(string clientMsgId, TimeProvider time)
    {
        lock (_rateGate)
        {
            if (_refusalAnsweredAt == 0 && string.Equals(_refusedSend, clientMsgId, StringComparison.Ordinal))
            {
                _refusalAnsweredAt = time.GetTimestamp();
            }
        }
    }

    // Under _rateGate: the refusal was answered, and long enough ago for the whole budget to have come back.
    private bool GaveUpRefused(LimitOptions limits, TimeProvider time) =>
        _refusalAnsweredAt != 0
        && time.GetElapsedTime(_refusalAnsweredAt) >= TimeSpan.FromSeconds((double)limits.SendBurst / Math.Max(1, limits.SendsPerSecond))
        && _sendBudget.IsFull(time);

    /// <summary>
    /// The requests the pipeline took in and has not answered yet; made on the connection's first pipelined send,
    /// then kept (set and read by the connection's receive loop only).
    /// </summary>
    internal PendingRequests? Pending { get; set; }

    /// <summary>Completes once every send this connection sent so far has been answered.</summary>
    internal ValueTask WhenSendsAnsweredAsync() => Pending?.WhenAnsweredAsync() ?? default;

    /// <summary>
    /// The last of the connection's requests that went on while its receive loop read further (a slow one, and those
    /// queued behind it), or null; set and read by the receive loop only.
    /// </summary>
    internal Task? InLine { get; set; }

    /// <summary>Requests queued behind <see cref="InLine"/>'s first (the receive loop's backpressure counts them).</summary>
    internal int QueuedBehind { get; set; }

    /// <summary>Completes once every request this connection sent so far has been answered.</summary>
    internal ValueTask WhenAnsweredAsync()
    {
        var line = InLine;
        return line is null || line.IsCompleted ? WhenSendsAnsweredAsync() : WhenAllAnsweredAsync(line);
    }

    private async ValueTask WhenAllAnsweredAsync(Task line)
    {
        await line;
        await WhenSendsAnsweredAsync();
    }

    /// <summary>This session's typing rate limit, made on its first typing signal.</summary>
    internal Limits.TypingThrottle TypingThrottle => LazyInitializer.EnsureInitialized(ref _typingThrottle);

    private Limits.TypingThrottle? _typingThrottle;

    /// <summary>
    /// The user turned read receipts off: this session is shown nobody's read position, and its reads are told to
    /// nobody. Loaded at login, kept current by a change of the setting on any device.
    /// </summary>
    internal bool ReadReceiptsOff
    {
        get => Volatile.Read(ref _readReceiptsOff);
        set => Volatile.Write(ref _readReceiptsOff, value);
    }

    private bool _readReceiptsOff;

    /// <summary>Forgets a half-made login (its answer could not be built).</summary>
    internal void Deauthenticate()
    {
        Volatile.Write(ref _user, null);
        ReleasePushes();
    }

    /// <summary>
    /// From now until <see cref="ReleasePushes"/>, pushes wait: a login binds the session before it reads the state
    /// it answers with (so no message falls between the two), and the answer must still reach the client first.
    /// </summary>
    internal void HoldPushes()
    {
        lock (_holdGate)
        {
            Volatile.Write(ref _held, _held ?? []);
        }
    }

    /// <summary>
    /// Whether a login of this session is under way (between <see cref="HoldPushes"/> and <see cref="ReleasePushes"/>):
    /// the session is authenticated, but its client has not been told the heartbeat yet.
    /// </summary>
    internal bool IsEntering => Volatile.Read(ref _held) is not null;

    /// <summary>
    /// Sends the pushes that waited during login, in order, and stops holding. The login's answer was queued just
    /// before: its client learns the heartbeat from it, so the heartbeat timeout counts from now, not from the login
    /// request, however long the login took.
    /// </summary>
    internal void ReleasePushes()
    {
        lock (_holdGate)
        {
            if (_held is null)
            {
                return;
            }

            foreach (var frame in _held)
            {
                Connection.Send(frame);
            }

            Volatile.Write(ref _held, null);
            Connection.RestartReadClock();
        }
    }

    /// <summary>Queues a response (or an error) for this session's connection.</summary>
    public bool Send(Envelope envelope) => Connection.Send(new OutboundFrame(envelope));

    /// <summary>
    /// Queues a push (a message or notice, possibly shared by a fan-out). Held back while a login is being
    /// answered; the hold is bounded like the queue itself.
    /// </summary>
    public bool Push(OutboundFrame frame)
    {
        if (Volatile.Read(ref _held) is not null)
        {
            lock (_holdGate)
            {
                if (_held is not null)
                {
                    if (_held.Count >= MaxHeldPushes)
                    {
                        Connection.Abort(CloseReason.SlowConsumer);
                        return false;
                    }

                    _held.Add(frame);
                    return true;
                }
            }
        }

        return Connection.Send(frame);
    }

    /// <summary>Pushes one login may hold back; a storm larger than this is a client that cannot keep up.</summary>
    private const int MaxHeldPushes = 1024;

    /// <summary>Sends an Error answering <paramref name="requestId"/>; a fatal one closes the connection after it.</summary>
    /// <param name="requestId">The request answered (0 for none).</param>
    /// <param name="code">The stable error code.</param>
    /// <param name="message">For humans.</param>
    /// <param name="field">For INVALID_ARGUMENT, the field at fault.</param>
    /// <param name="fatal">Close the connection after it.</param>
    /// <param name="retryAfterMs">For a busy server's UNAVAILABLE: the client's least wait before trying again.</param>
    public void SendError(uint requestId, ErrorCode code, string message, string field = "", bool fatal = false, int retryAfterMs = 0)
    {
        Send(new Envelope
        {
            RequestId = requestId,
            Error = new Error { Code = code, Message = message, Field = field, Fatal = fatal, RetryAfterMs = retryAfterMs },
        });
        if (fatal)
        {
            Connection.Close(CloseReason.ProtocolError);
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Connection.Transport}#{Connection.Id} {(User is { } u ? u.UserId + "/" + DeviceId + (OneShot ? " (one-shot)" : "") : "anonymous")} from {Connection.RemoteAddress}";
}
