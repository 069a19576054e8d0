using Microsoft.Extensions.Logging;
using Relink.Client.Connecting;
using Relink.Client.Heartbeat;
using Relink.Client.Inbox;
using Relink.Client.Reconnecting;
using Relink.Client.Sending;
using Relink.Client.Session;
using Relink.Client.State;
using Relink.Client.Transport;

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
public sealed partial class RelinkClient : IAsyncDisposable, IInboxHost
{
    private readonly RelinkClientOptions _options;
    private readonly ServerEndpoint _endpoint;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConnectionStateMachine _state = new();
    private readonly EventQueue _events;
    private readonly MessageInbox _inbox;
    private readonly Outbox _outbox;
    private readonly ClientView _view = new();
    private readonly ClockEstimator _clock = new();
    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private ClientLink? _link;
    private ClientLink? _sessionLink;
    private SessionState? _session;
    private int _disposed;

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
        _outbox = new Outbox(options.OutboxCapacity, NotLoggedIn());
        _stateWriter = new ClientStateWriter(options.StateStore ?? new InMemoryClientStateStore(), _logger);
        _streak = new ReconnectStreak(_time);
        _storeSync = new StoreSync(options.SyncInterval, _time);
        if (options.NetworkChanges is { } network)
        {
            network.NetworkChanged += OnNetworkChanged;
        }
    }

    /// <summary>Raised on every change of <see cref="State"/>, in order.</summary>
    /// <remarks>All events are raised one at a time, in the order things happened, on the client's receive path:
    /// handlers should return quickly and must not block on the client's own tasks.</remarks>
    public event EventHandler<ConnectionStateChangedEventArgs>? StateChanged;

    /// <summary>The options the client was created with.</summary>
    public RelinkClientOptions Options => _options;

    /// <summary>The connection's state now.</summary>
    public ConnectionState State => _state.Current;

    /// <summary>What the last successful login or resume returned, or null before one.</summary>
    public SessionState? Session => Volatile.Read(ref _session);

    /// <summary>The server address in use.</summary>
    public ServerEndpoint Endpoint => _endpoint;

    /// <summary>
    /// Opens the connection (TCP or WebSocket, as <see cref="RelinkClientOptions.Server"/> says), without logging in.
    /// Does nothing when it is already open. <see cref="LoginAsync"/> and <see cref="RegisterAsync"/> call it when needed.
    /// </summary>
    /// <exception cref="RelinkConnectionException">The server could not be reached in time.</exception>
    /// <exception cref="InvalidOperationException">The client is reconnecting by itself.</exception>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        await _connectGate.WaitAsync(cancellationToken);
        try
        {
            ThrowIfReconnecting();
            if (!TryMoveFrom(s => s is ConnectionState.Disconnected or ConnectionState.Stopped, new ConnectionState.Connecting(_endpoint.ToString())))
            {
                return;
            }

            try
            {
                await OpenLinkAsync(cancellationToken);
            }
            catch (RelinkConnectionException e)
            {
                MoveTo(new ConnectionState.Disconnected(e.Summary, e.InnerException));
                throw;
            }
            catch (OperationCanceledException)
            {
                MoveTo(new ConnectionState.Disconnected("connecting was cancelled"));
                throw;
            }

            MoveTo(new ConnectionState.Authenticating());
        }
        finally
        {
            _connectGate.Release();
        }
    }

    /// <summary>
    /// Closes the client: stops reconnecting, acknowledges what was delivered, closes the connection politely, fails
    /// the messages still in the outbox (<see cref="StopReason.Disposed"/>: they stay in the
    /// <see cref="RelinkClientOptions.StateStore"/>, for the next client to send), writes the state store, and ends
    /// <see cref="ReadMessagesAsync"/> once the messages already in the inbox are read.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_options.NetworkChanges is { } network)
        {
            network.NetworkChanged -= OnNetworkChanged;
        }

        CancelReconnect();
        if (Volatile.Read(ref _link) is { } link)
        {
            await FlushAcksAsync(link);
            await link.CloseAsync("the client was closed");
            await link.DisposeAsync();
        }
        else if (_inbox.Acks.Take() is { } acks)
        {
            // Nobody to tell but the state store: the next client with it will not deliver these again.
            RecordCursors(acks);
        }

        Stop(StopReason.Disposed, "the client was disposed");
        DisposeTimer();
        _inbox.Complete();
        await _stateWriter.CompleteAsync();
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    /// <summary>
    /// Connects the transport and starts a link on it (no state change: the caller says what the link is for).
    /// </summary>
    /// <exception cref="RelinkConnectionException">Unreachable, refused, or no answer within the connect timeout.</exception>
    private async Task<ClientLink> OpenLinkAsync(CancellationToken cancellationToken)
    {
        IClientTransport transport;
        using (var deadline = new CancellationTokenSource(_options.ConnectTimeout, _time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token))
        {
            try
            {
                transport = await TransportConnector.ConnectAsync(_endpoint, _options, linked.Token);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                string reason = e is OperationCanceledException
                    ? $"no answer within {_options.ConnectTimeout.TotalSeconds:0.###} s"
                    : e.Message;
                throw new RelinkConnectionException($"Could not connect to the Relink server at {_endpoint}: {reason}", e)
                {
                    Summary = "could not connect: " + reason,
                };
            }
        }

        var link = new ClientLink(transport, _time, _logger, OnPush, OnLinkClosed);
        Volatile.Write(ref _link, link);
        LogConnected(_logger, _endpoint.ToString());
        link.Start();
        return link;
    }

    private bool MoveTo(ConnectionState next) => TryMoveFrom(static _ => true, next);

    private bool TryMoveFrom(Func<ConnectionState, bool> from, ConnectionState next)
    {
        if (!_state.TryMoveFrom(from, next, out var change))
        {
            return false;
        }

        LogStateChanged(_logger, change!.Previous.Name, change.Current.Name);
        _events.Enqueue(nameof(StateChanged), () => StateChanged?.Invoke(this, change));
        _events.RaisePending();
        return true;
    }

    private ClientLink CurrentLink() => State switch
    {
        ConnectionState.Connected when Volatile.Read(ref _link) is { } link => link,
        ConnectionState.Authenticating when Volatile.Read(ref _link) is { } link && !IsReconnecting => link,
        ConnectionState.Reconnecting r => throw new RelinkConnectionException(
            $"Not connected to the Relink server: reconnecting (attempt {r.Attempt}); the last error was: {r.LastError}."),
        ConnectionState.Connecting or ConnectionState.Authenticating when IsReconnecting => throw new RelinkConnectionException(
            "Not connected to the Relink server: the session is being resumed; try again once the state is Connected."),
        ConnectionState.Stopped stopped => throw new RelinkStoppedException(stopped),
        ConnectionState.Disconnected { Reason: { } reason } => throw new RelinkConnectionException(
            $"Not connected to the Relink server (the last connection ended: {reason})."),
        _ => throw new RelinkConnectionException("Not connected to the Relink server: call LoginAsync (or ConnectAsync) first."),
    };

    private static RelinkConnectionException NotLoggedIn() =>
        new("Not logged in to the Relink server: call LoginAsync (or StartAsync) first.");
}
