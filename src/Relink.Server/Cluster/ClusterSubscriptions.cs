using System.Threading.Channels;
using Relink.Server.Sessions;

namespace Relink.Server.Cluster;

/// <summary>
/// Keeps this node's bus subscriptions to exactly the users and groups it holds sessions of, and tells a login when
/// its subscriptions are in effect on the bus.
/// </summary>
/// <remarks>
/// A subscription takes effect when the bus has read it, not when this node has sent it: a message another node
/// publishes in between is not routed here. A login reads its state from the store only after its subscriptions
/// are in effect (<see cref="InPlaceAsync"/>), so a message stored after that read is pushed to it, and one stored
/// before is in the state. Without that wait, a message committed in between was in neither, and the client saw it
/// only at its next periodic sync (the scale-out bench lost one that way in a node kill's resume storm).
/// </remarks>
internal sealed partial class ClusterSubscriptions
{
    /// <summary>
    /// How long a login waits for its subscriptions before it goes on without them; the node then catches its sessions
    /// up from the store once they are in place. Under the login deadline, well above a bus round trip.
    /// </summary>
    internal static readonly TimeSpan LoginWait = TimeSpan.FromSeconds(5);

    // How long one confirmation round trip to the bus may take before the waiting logins are let go.
    private static readonly TimeSpan ConfirmTimeout = TimeSpan.FromSeconds(5);

    private readonly IClusterBus _bus;
    private readonly SessionRegistry _sessions;
    private readonly ClusterCatchUp _catchUp;
    private readonly ILogger _logger;
    // Users and groups whose subscription may need changing, and the logins waiting for what came before them; the
    // loop re-checks the registry for each id, so the order in which interest came and went does not matter.
    private readonly Channel<Interest> _interest = Channel.CreateUnbounded<Interest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HashSet<string> _subscribed = new(StringComparer.Ordinal);
    private Task _loop = Task.CompletedTask;

    public ClusterSubscriptions(IClusterBus bus, SessionRegistry sessions, ClusterCatchUp catchUp, ILogger logger)
    {
        _bus = bus;
        _sessions = sessions;
        _catchUp = catchUp;
        _logger = logger;
    }

    /// <summary>Starts the loop that applies the changes.</summary>
    public void Start() => _loop = Task.Run(RunAsync, CancellationToken.None);

    /// <summary>This node's holding of a user's (or group's) sessions started or ended.</summary>
    public void Changed(string id, bool group) => _interest.Writer.TryWrite(new Interest(id, group, null));

    /// <summary>
    /// Completes once every change asked for before the call is in effect on the bus, or at once while the bus is
    /// down (its return brings a catch-up from the store), or after <see cref="LoginWait"/> at most.
    /// </summary>
    public async Task InPlaceAsync()
    {
        if (!_bus.IsConnected)
        {
            return; // nothing is routed here until the bus is back, and its return brings a catch-up
        }

        var confirmed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_interest.Writer.TryWrite(new Interest("", false, confirmed)))
        {
            return; // the node is stopping
        }

        try
        {
            await confirmed.Task.WaitAsync(LoginWait);
        }
        catch (TimeoutException)
        {
            // The bus is slow to confirm: the login goes on, and what its state missed meanwhile comes from the store
            // as soon as the subscriptions are in place.
            LogLoginWentOn(LoginWait.TotalSeconds);
            _ = confirmed.Task.ContinueWith(_ => _catchUp.Request(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
    }

    /// <summary>Stops the loop (waiting logins are let go).</summary>
    public async Task StopAsync()
    {
        _interest.Writer.TryComplete();
        await _loop;
    }

    private async Task RunAsync()
    {
        var reader = _interest.Reader;
        var waiting = new List<TaskCompletionSource>();
        while (await reader.WaitToReadAsync())
        {
            // Everything queued is applied, then one round trip confirms it all: a storm of logins costs one per
            // batch, not one each.
            while (reader.TryRead(out var interest))
            {
                if (interest.Confirmed is { } confirmed)
                {
                    waiting.Add(confirmed);
                }
                else
                {
                    await ApplyAsync(ClusterSubjects.Of(interest.Id, interest.Group), _sessions.Holds(interest.Id, interest.Group));
                }
            }

            if (waiting.Count > 0)
            {
                await ConfirmAsync();
                waiting.ForEach(w => w.TrySetResult());
                waiting.Clear();
            }
        }
    }

    private async Task ApplyAsync(string subject, bool wanted)
    {
        try
        {
            if (wanted && _subscribed.Add(subject))
            {
                await _bus.SubscribeAsync(subject);
            }
            else if (!wanted && _subscribed.Remove(subject))
            {
                await _bus.UnsubscribeAsync(subject);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogSubscribeFailed(subject, e.Message);
        }
    }

    /// <summary>
    /// A round trip to the bus: it handles one connection's commands in order, so its answer means every
    /// subscription sent before is in effect.
    /// </summary>
    private async Task ConfirmAsync()
    {
        if (!_bus.IsConnected)
        {
            return; // nothing is routed here until the bus is back, and its return brings a catch-up
        }

        try
        {
            await _bus.FlushAsync().AsTask().WaitAsync(ConfirmTimeout);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Lost or too slow: the logins go on, and the store fills in what their states missed.
            LogConfirmFailed(e.Message);
            _catchUp.Request();
        }
    }

    /// <summary>A change of interest, or (<paramref name="Confirmed"/> set) a login waiting for the changes before it.</summary>
    private readonly record struct Interest(string Id, bool Group, TaskCompletionSource? Confirmed);

    [LoggerMessage(EventId = 7011, Level = LogLevel.Warning, Message = "Subscribing {Subject} failed: {Reason}")]
    private partial void LogSubscribeFailed(string subject, string reason);

    [LoggerMessage(EventId = 7013, Level = LogLevel.Warning, Message = "The bus did not confirm this node's subscriptions: {Reason}; its sessions are caught up from the store")]
    private partial void LogConfirmFailed(string reason);

    [LoggerMessage(EventId = 7014, Level = LogLevel.Warning, Message = "A login went on after {Seconds} s without its bus subscriptions confirmed; its session is caught up from the store once they are")]
    private partial void LogLoginWentOn(double seconds);
}
