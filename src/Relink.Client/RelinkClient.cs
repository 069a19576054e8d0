using Microsoft.Extensions.Logging;
using Relink.Client.Heartbeat;
using Relink.Client.Inbox;
using Relink.Client.Lifecycle;
using Relink.Client.Link;
using Relink.Client.Sending;
using Relink.Client.Session;
using Relink.Client.State;
using Relink.Protocol.Messages;

namespace Relink.Client;

/// <summary>
/// A connection to a Relink server for one user: log in, chat, manage friends and groups, and receive messages
/// exactly once and in order per conversation. When the link is lost it reconnects and resumes the session by itself
/// (see <see cref="ConnectionState"/> and <see cref="RelinkClientOptions.ReconnectPolicy"/>); messages sent meanwhile
/// wait in a bounded outbox and go out, in order, once the session is back. Thread-safe: every method may be called
/// from any thread.
/// </summary>
/// <example>
/// <code>
/// await using var client = new RelinkClient(new RelinkClientOptions { Server = "127.0.0.1:7397", DeviceId = "laptop" });
/// SessionState me = await client.LoginAsync("alice", "secret-password");
/// client.StateChanged += (_, change) => Console.WriteLine(change.Current.Name);   // reconnecting, connected, …
/// await client.SendTextAsync(Peers.User("bob"), "hello");                         // waits out a reconnect if needed
/// await foreach (ChatMessage message in client.ReadMessagesAsync(cancellationToken))
/// {
///     Console.WriteLine($"{message.Sender.Nickname}: {message.Text}");
/// }
/// </code>
/// </example>
public sealed partial class RelinkClient : IAsyncDisposable, IInboxHost, ILifecycleHost
{
    private readonly RelinkClientOptions _options;
    private readonly ServerEndpoint _endpoint;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly EventQueue _events;
    private readonly MessageInbox _inbox;
    private readonly Outbox _outbox;
    private readonly ClientView _view = new();
    private readonly ClockEstimator _clock = new();
    private readonly ClientStateWriter _stateWriter;

    // Connect, log in, resume, reconnect, stop: the whole connection life cycle, and the state it shares.
    private readonly ClientLifecycle _lifecycle;
    private readonly ClientTimer _timer;

    /// <summary>Creates a client; nothing is connected until <see cref="LoginAsync"/>, <see cref="StartAsync"/> or <see cref="ConnectAsync"/>.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="FormatException"><see cref="RelinkClientOptions.Server"/> is not a server address.</exception>
    public RelinkClient(RelinkClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _endpoint = ServerEndpoint.Parse(options.Server);
        _time = options.TimeProvider;
        _logger = options.LoggerFactory.CreateLogger<RelinkClient>();
        _events = new EventQueue(_logger);
        _inbox = new MessageInbox(options.InboxCapacity, this, new AckBatcher(_time), _events, _logger);
        _outbox = new Outbox(options.OutboxCapacity, ClientLifecycle.NotLoggedIn());
        _stateWriter = new ClientStateWriter(options.StateStore ?? new InMemoryClientStateStore(), _logger);
        _storeSync = new StoreSync(options.SyncInterval, _time);
        _lifecycle = new ClientLifecycle(options, _endpoint, _logger, _events, _view, _stateWriter.Store, this);

        // What the rest of the client does as the life cycle moves on (the timer subscribes its heartbeat itself).
        _lifecycle.SeekingSession += _outbox.Open;
        _lifecycle.SessionStarting += OnSessionStarting;
        _lifecycle.SessionEstablished += OnSessionEstablished;
        _lifecycle.SessionEnded += end => FailOutbox(end.Failure, end.Forget);
        _lifecycle.LinkLost += _ => _storeSync.SessionEnded();
        _typing = new Typing.TypingBoard(_time);
        _timer = new ClientTimer(_lifecycle, _time, _logger, _inbox.Acks, SendAcks, () => PingAsync(), _storeSync, () => _ = SyncWithStoreAsync());
        _timer.ExpireTyping(_typing, RaiseExpiredTyping);
    }

    /// <summary>Raised on every change of <see cref="State"/>, in order.</summary>
    /// <remarks>All events are raised one at a time, in the order things happened, on the client's receive path:
    /// handlers should return quickly and must not block on the client's own tasks.</remarks>
    public event EventHandler<ConnectionStateChangedEventArgs>? StateChanged;

    /// <summary>The options the client was created with.</summary>
    public RelinkClientOptions Options => _options;

    /// <summary>The connection's state now.</summary>
    public ConnectionState State => _lifecycle.State;

    /// <summary>What the last successful login or resume returned, or null before one.</summary>
    public SessionState? Session => _lifecycle.Session;

    /// <summary>The server address in use.</summary>
    public ServerEndpoint Endpoint => _endpoint;

    /// <summary>The connection life cycle, for parts of the SDK (and its tests) that hook into its events.</summary>
    internal ClientLifecycle Lifecycle => _lifecycle;

    /// <summary>
    /// Opens the connection (TCP or WebSocket, as <see cref="RelinkClientOptions.Server"/> says), without logging in.
    /// Does nothing when it is already open. <see cref="LoginAsync"/> and <see cref="RegisterAsync"/> call it when needed.
    /// </summary>
    /// <exception cref="RelinkConnectionException">The server could not be reached in time.</exception>
    /// <exception cref="InvalidOperationException">The client is reconnecting by itself.</exception>
    public Task ConnectAsync(CancellationToken cancellationToken = default) => _lifecycle.ConnectAsync(cancellationToken);

    /// <summary>
    /// Closes the client: stops reconnecting, acknowledges what was delivered, closes the connection politely, fails
    /// the messages still in the outbox (<see cref="StopReason.Disposed"/>: they stay in the
    /// <see cref="RelinkClientOptions.StateStore"/>, for the next client to send), writes the state store, and ends
    /// <see cref="ReadMessagesAsync"/> once the messages already in the inbox are read.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (!await _lifecycle.ShutDownAsync())
        {
            return;
        }

        if (_inbox.Acks.Take() is { } acks)
        {
            // Nobody left to tell but the state store: the next client with it will not deliver these again.
            RecordCursors(acks);
        }

        _timer.Dispose();
        _inbox.Complete();
        await _stateWriter.CompleteAsync();
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_lifecycle.IsDisposed, this);

    // On the receive loop, as a login or resume is answered, before the state is Connected.
    private void OnSessionStarting(NewSession starting)
    {
        if (starting.Previous?.Profile.UserId is { } previousUser && previousUser != starting.Session.Profile.UserId)
        {
            // Another account on the same client: what the last one received or meant to send is not this one's.
            _inbox.Reset();
            FailOutbox(new RelinkException($"Not sent: the client is now logged in as {starting.Session.Profile.UserId}, not {previousUser}."));
        }

        if (starting.Session.ServerTime is { } serverTime)
        {
            _clock.Add(starting.RequestSentAt, starting.RoundTrip, serverTime);
        }

        _outbox.Open();
        ResetPresence(starting.Session);
        if (_options.ReceiveMessages)
        {
            // Before the inbox meets the session's talks, which may ask for a sync at once.
            _storeSync.SessionStarted();
        }
    }

    // On the receive loop, once the state is Connected, before the session's first push is read.
    private void OnSessionEstablished(NewSession session)
    {
        Dictionary<string, long>? floors = session.Saved is { } saved ? ContinueFromSavedState(session.Session, saved) : null;
        if (_options.ReceiveMessages)
        {
            // Cursors recorded but not sent before a previous link dropped go first, on their own.
            if (_inbox.Acks.Take() is { } leftover)
            {
                SendAcks(leftover);
            }

            _inbox.BeginSession(session.Session.Talks, floors);
        }

        if (session.Changes is { } changes)
        {
            Raise(nameof(Resumed), Resumed, new SessionResumedEventArgs(session.Session, changes, session.Origin == SessionOrigin.LoggedInAgain, session.Downtime));
        }

        PumpOutbox();
    }

    void ILifecycleHost.RaiseStateChanged(ConnectionStateChangedEventArgs change) => StateChanged?.Invoke(this, change);

    void ILifecycleHost.OnPush(ClientLink link, Envelope push) => OnPush(push);

    Task ILifecycleHost.FlushAcksAsync(ClientLink link) => FlushAcksAsync(link);

    long ILifecycleHost.DeliveredCursor(string conversationId) => _inbox.CursorOf(conversationId);
}
