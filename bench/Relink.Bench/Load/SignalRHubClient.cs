using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Relink.Bench.Load;

/// <summary>
/// A SignalR chat client for the resilience scenarios, written from the documented JSON hub protocol as
/// <see cref="SignalRJsonConnection"/> is, but with what the real SignalR clients add on top: invocations that
/// complete (the ack), the <c>Message</c> pushes, the server-timeout rule (no message from the server for
/// <c>ServerTimeout</c> closes the connection) and, when given delays, <c>withAutomaticReconnect</c>: retry after
/// each delay in turn, then give up. After a reconnect it calls <c>Login</c> again, as an app must: SignalR groups
/// belong to the connection, not to the user.
/// </summary>
/// <remarks>Protocol: https://github.com/dotnet/aspnetcore/blob/main/src/SignalR/docs/specs/HubProtocol.md</remarks>
internal sealed class SignalRHubClient : IBenchConnection
{
    /// <summary><c>withAutomaticReconnect()</c>'s default schedule: 0, 2, 10 and 30 s, then stop.</summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultReconnectDelays =
        [TimeSpan.Zero, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)];


    private readonly Uri _hub;
    private readonly HttpMessageInvoker _invoker;
    private readonly TimeSpan _serverTimeout;
    private readonly IReadOnlyList<TimeSpan>? _reconnectDelays;
    private readonly CancellationTokenSource _disposed = new();
    private Link? _link;
    private int _nextInvocation;
    private Task _reconnecting = Task.CompletedTask;

    /// <summary>Creates the client; <see cref="StartAsync"/> connects it.</summary>
    /// <param name="hub">ws://…/hub.</param>
    /// <param name="invoker">One HTTP stack shared by every client of the generator.</param>
    /// <param name="user">The user the client logs in as.</param>
    /// <param name="serverTimeout">No message from the server for this long closes the connection (the real clients' 30 s default).</param>
    /// <param name="reconnectDelays">The automatic-reconnect schedule, or null for none.</param>
    public SignalRHubClient(Uri hub, HttpMessageInvoker invoker, string user, TimeSpan serverTimeout, IReadOnlyList<TimeSpan>? reconnectDelays)
    {
        _hub = hub;
        _invoker = invoker;
        User = user;
        _serverTimeout = serverTimeout;
        _reconnectDelays = reconnectDelays;
    }

    /// <summary>The user this client logs in as.</summary>
    public string User { get; }

    /// <summary>Raised for each <c>Message(from, conversation, text)</c> push, on the receive loop.</summary>
    public event Action<string, string>? MessageReceived;

    /// <summary>Raised when a logged-in connection is lost, with the reason (before any reconnect attempt).</summary>
    public event Action<string>? Lost;

    /// <summary>Raised as each reconnect attempt starts.</summary>
    public event Action? ReconnectAttempt;

    /// <summary>Raised when a reconnect attempt has connected and logged in again.</summary>
    public event Action? Reconnected;

    /// <summary>Raised when the reconnect schedule ran out: the client is closed for good.</summary>
    public event Action? GaveUp;

    /// <summary>Connects, shakes hands and logs in.</summary>
    public async Task StartAsync(CancellationToken cancellationToken) => Volatile.Write(ref _link, await ConnectAsync(cancellationToken));

    /// <summary>Invokes <c>Send(to, text)</c>; completes when the hub answers (the ack), fails if the connection goes first.</summary>
    public Task SendAsync(string to, string text) =>
        Volatile.Read(ref _link) is { IsLost: false } link
            ? InvokeAsync(link, "Send", [to, text], CancellationToken.None)
            : Task.FromException(new WebSocketException("not connected"));

    /// <summary>Closes the connection at once when the server has been silent for longer than the server timeout.</summary>
    public void CheckServerTimeout()
    {
        if (Volatile.Read(ref _link) is { IsLost: false } link && Stopwatch.GetElapsedTime(link.LastReceived) > _serverTimeout)
        {
            link.Abort($"server timeout: nothing received for {_serverTimeout.TotalSeconds:0.#} s");
        }
    }

    /// <inheritdoc />
    public async ValueTask SendPingAsync()
    {
        if (Volatile.Read(ref _link) is { IsLost: false } link)
        {
            try
            {
                await link.SendAsync(SignalRHubProtocol.Ping, CancellationToken.None);
            }
            catch (Exception e) when (IsLinkFailure(e))
            {
                link.Abort("ping failed: " + e.Message);
            }
        }
    }

    private async Task<Link> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero; // SignalR's own pings are the heartbeat
        var link = new Link(socket);
        try
        {
            await socket.ConnectAsync(_hub, _invoker, cancellationToken);
            await link.SendAsync(SignalRHubProtocol.Handshake, cancellationToken);
            string handshake = await link.ReadHandshakeAsync(cancellationToken);
            if (handshake != "{}")
            {
                throw new BenchFailure($"SignalR handshake refused: {handshake}");
            }

            link.Receiving = ReceiveAsync(link);
            await InvokeAsync(link, "Login", [User], cancellationToken);
            return link;
        }
        catch
        {
            link.Abort("setup failed");
            throw;
        }
    }

    private async Task InvokeAsync(Link link, string target, string[] arguments, CancellationToken cancellationToken)
    {
        string id = Interlocked.Increment(ref _nextInvocation).ToString(CultureInfo.InvariantCulture);
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        link.Pending[id] = completion;
        if (link.IsLost)
        {
            link.Pending.TryRemove(id, out _);
            throw new WebSocketException("the connection is lost");
        }

        await link.SendAsync(SignalRHubProtocol.Invocation(id, target, arguments), cancellationToken);
        await completion.Task.WaitAsync(cancellationToken);
    }

    private async Task ReceiveAsync(Link link)
    {
        string reason = "closed by the server";
        try
        {
            while (true)
            {
                var result = await link.Socket.ReceiveAsync(link.Buffer.GetMemory(1024), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                link.Buffer.Advance(result.Count);
                link.LastReceived = Stopwatch.GetTimestamp();
                while (link.TakeRecord() is { } record)
                {
                    if (!Dispatch(link, record))
                    {
                        return; // the server sent Close
                    }
                }
            }
        }
        catch (Exception e) when (IsLinkFailure(e))
        {
            reason = e.Message;
        }
        finally
        {
            OnLost(link, link.AbortReason ?? reason);
        }
    }

    /// <summary>Handles one hub message; false for a Close message.</summary>
    private bool Dispatch(Link link, string record)
    {
        using var message = JsonDocument.Parse(record);
        var root = message.RootElement;
        switch (root.GetProperty("type").GetInt32())
        {
            case 1 when root.GetProperty("target").GetString() == "Message":
                var arguments = root.GetProperty("arguments");
                MessageReceived?.Invoke(arguments[0].GetString() ?? "", arguments[2].GetString() ?? "");
                return true;
            case 3 when root.GetProperty("invocationId").GetString() is { } id && link.Pending.TryRemove(id, out var completion):
                if (root.TryGetProperty("error", out var error))
                {
                    completion.TrySetException(new BenchFailure($"hub invocation failed: {error}"));
                }
                else
                {
                    completion.TrySetResult();
                }

                return true;
            case 7:
                link.Abort("the server sent Close: " + record);
                return false;
            default:
                return true; // pings (6) only reset the server timeout, which every read does
        }
    }

    private void OnLost(Link link, string reason)
    {
        link.Abort(reason);
        foreach (var pending in link.Pending.Values)
        {
            pending.TrySetException(new WebSocketException("the connection was lost: " + reason));
        }

        if (_disposed.IsCancellationRequested || !ReferenceEquals(Volatile.Read(ref _link), link))
        {
            return;
        }

        Lost?.Invoke(reason);
        if (_reconnectDelays is not null)
        {
            _reconnecting = ReconnectAsync(_reconnectDelays, _disposed.Token);
        }
    }

    private async Task ReconnectAsync(IReadOnlyList<TimeSpan> delays, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var delay in delays)
            {
                await Task.Delay(delay, cancellationToken);
                ReconnectAttempt?.Invoke();
                try
                {
                    var link = await ConnectAsync(cancellationToken);
                    Volatile.Write(ref _link, link);
                    if (link.IsLost)
                    {
                        OnLost(link, link.AbortReason ?? "lost");
                        return;
                    }

                    Reconnected?.Invoke();
                    return;
                }
                catch (Exception e) when (IsLinkFailure(e) || e is BenchFailure or HttpRequestException)
                {
                    // Refused or failed while the server is away: the next delay of the schedule, as the real client.
                }
            }

            GaveUp?.Invoke();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static bool IsLinkFailure(Exception e) =>
        e is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync();
        if (Volatile.Read(ref _link) is { } link)
        {
            link.Abort("disposed");
            await link.Receiving;
        }

        await _reconnecting;
        _disposed.Dispose();
    }

    /// <summary>One WebSocket connection of the client and what belongs to it: its buffer, its pending invocations.</summary>
    private sealed class Link(ClientWebSocket socket)
    {
        private readonly SemaphoreSlim _sending = new(1, 1);
        private int _lost;

        public ClientWebSocket Socket { get; } = socket;

        public ArrayBufferWriter<byte> Buffer { get; } = new(256);

        public ConcurrentDictionary<string, TaskCompletionSource> Pending { get; } = new(StringComparer.Ordinal);

        public Task Receiving { get; set; } = Task.CompletedTask;

        public long LastReceived { get; set; } = Stopwatch.GetTimestamp();

        public bool IsLost => Volatile.Read(ref _lost) != 0;

        public string? AbortReason { get; private set; }

        /// <summary>Sends one text message; one at a time, as a WebSocket allows.</summary>
        public async Task SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
        {
            await _sending.WaitAsync(cancellationToken);
            try
            {
                await Socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            }
            finally
            {
                _sending.Release();
            }
        }

        /// <summary>Reads until the handshake answer; whatever follows it stays in the buffer for the receive loop.</summary>
        public async Task<string> ReadHandshakeAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                if (TakeRecord() is { } record)
                {
                    return record;
                }

                var result = await Socket.ReceiveAsync(Buffer.GetMemory(256), cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    throw new WebSocketException("the hub closed the connection during the handshake");
                }

                Buffer.Advance(result.Count);
            }
        }

        /// <summary>The next whole record in the buffer, or null.</summary>
        public string? TakeRecord() => SignalRHubProtocol.TakeRecord(Buffer);

        /// <summary>Ends the connection without a close handshake; the first reason given is kept.</summary>
        public void Abort(string reason)
        {
            if (Interlocked.Exchange(ref _lost, 1) == 0)
            {
                AbortReason = reason;
                Socket.Abort();
            }
        }
    }
}
