using Microsoft.Extensions.Logging;

namespace Relink.Client.Session;

/// <summary>
/// Raises the client's events one at a time, in the order they were queued, and never under a lock of the
/// caller: whoever queues while nobody is raising becomes the one who raises, until the queue is empty. So a
/// message queued under the inbox lock by one thread is never overtaken by a later one queued by another.
/// </summary>
internal sealed partial class EventQueue(ILogger logger)
{
    private readonly Lock _gate = new();
    private readonly Queue<(string Name, Action Raise)> _queue = new();
    private bool _raising;

    /// <summary>Queues an event; call <see cref="RaisePending"/> once outside any lock.</summary>
    public void Enqueue(string name, Action raise)
    {
        lock (_gate)
        {
            _queue.Enqueue((name, raise));
        }
    }

    /// <summary>Raises queued events, unless another thread is already doing so (it will raise ours too).</summary>
    public void RaisePending()
    {
        lock (_gate)
        {
            if (_raising)
            {
                return;
            }

            _raising = true;
        }

        while (true)
        {
            (string Name, Action Raise) next;
            lock (_gate)
            {
                if (!_queue.TryDequeue(out next))
                {
                    _raising = false;
                    return;
                }
            }

            try
            {
                next.Raise();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A failing handler must not stop the receive loop or the events queued after it.
                LogHandlerFailed(logger, next.Name, e);
            }
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "A handler of the {EventName} event threw.")]
    private static partial void LogHandlerFailed(ILogger logger, string eventName, Exception exception);
}
