using Microsoft.Extensions.Logging;
using Relink.Client.Connecting;
using Relink.Client.Heartbeat;
using Relink.Client.Inbox;
using Relink.Client.Session;
using Relink.Client.Transport;

namespace Relink.Client;

/// <summary>
/// A connection to a Relink server for one user: log in, chat, manage friends and groups, and receive messages
/// exactly once and in order per conversation. Thread-safe: every method may be called from any thread.
/// </summary>
/// <example>
/// <code>
/// await using var client = new RelinkClient(new RelinkClientOptions { Server = "127.0.0.1:7397", DeviceId = "laptop" });
/// SessionState me = await client.LoginAsync("alice", "secret-password");
/// await client.SendTextAsync(Peers.User("bob"), "hello");
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
    private readonly ClockEstimator _clock = new();
    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private ClientLink? _link;
    private SessionState? _session;
    private int _disposed;

    /// <summary>Creates a client; nothing is connected until <see cref="ConnectAsync"/> or <see cref="LoginAsync"/>.</summary>
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
    }

    /// <summary>Raised on every change of <see cref="State"/>, in order.</summary>
    /// <remarks>All events are raised one at a time, in the order things happened, on the client's receive path:
    /// handlers should return quickly and must not block on the client's own tasks.</remarks>
    public event EventHandler<ConnectionStateChangedEventArgs>? StateChanged;

    /// <summary>The options the client was created with.</summary>
    public RelinkClientOptions Options => _options;

    /// <summary>The connection's state now.</summary>
    public ConnectionState State => _state.Current;

    /// <summary>What the last successful login returned, or null before one.</summary>
    public SessionState? Session => Volatile.Read(ref _session);

    /// <summary>The server address in use.</summary>
    public ServerEndpoint Endpoint => _endpoint;

    /// <summary>
    /// Opens the connection (TCP or WebSocket, as <see cref="RelinkClientOptions.Server"/> says). Does nothing when
    /// it is already open. <see cref="LoginAsync"/> and <see cref="RegisterAsync"/> call it when needed.
    /// </summary>
    /// <exception cref="RelinkConnectionException">The server could not be reached in time.</exception>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        await _connectGate.WaitAsync(cancellationToken);
        try
        {
            if (State is not ConnectionState.Disconnected)
            {
                return;
            }

            MoveTo(new ConnectionState.Connecting(_endpoint.ToString()));
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
                    MoveTo(new ConnectionState.Disconnected("could not connect: " + reason, e));
                    throw new RelinkConnectionException($"Could not connect to the Relink server at {_endpoint}: {reason}", e);
                }
                catch (OperationCanceledException)
                {
                    MoveTo(new ConnectionState.Disconnected("connecting was cancelled"));
                    throw;
                }
            }

            var link = new ClientLink(transport, _time, _logger, OnPush, OnLinkClosed);
            Volatile.Write(ref _link, link);
            MoveTo(new ConnectionState.Authenticating());
            LogConnected(_logger, _endpoint.ToString());
            link.Start();
        }
        finally
        {
            _connectGate.Release();
        }
    }

    /// <summary>
    /// Closes the client: acknowledges what was delivered, closes the connection politely, and ends
    /// <see cref="ReadMessagesAsync"/> once the messages already in the inbox are read.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (Volatile.Read(ref _link) is { } link)
        {
            await FlushAcksAsync(link);
            await link.CloseAsync("the client was closed");
            await link.DisposeAsync();
        }

        DisposeTimer();
        _inbox.Complete();
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    private void OnLinkClosed(ClientLink link, string reason, Exception? error)
    {
        if (Interlocked.CompareExchange(ref _link, null, link) != link)
        {
            return;
        }

        StopHeartbeat();
        MoveTo(new ConnectionState.Disconnected(reason, error));
    }

    private void MoveTo(ConnectionState next)
    {
        if (_state.TryMove(next, out var change))
        {
            LogStateChanged(_logger, change!.Previous.Name, change.Current.Name);
            _events.Enqueue(nameof(StateChanged), () => StateChanged?.Invoke(this, change));
            _events.RaisePending();
        }
    }

    private ClientLink CurrentLink() =>
        Volatile.Read(ref _link) ?? throw new RelinkConnectionException(
            State is ConnectionState.Disconnected { Reason: { } reason }
                ? $"Not connected to the Relink server (the last connection ended: {reason})."
                : "Not connected to the Relink server: call LoginAsync (or ConnectAsync) first.");
}
