using Relink.Protocol.Messages;

namespace Relink.Client.Link;

/// <summary>
/// Requests that wait for their answer, keyed by request id. Once the link has failed, every waiting request is
/// failed at once and new ones are refused, so nothing waits on a dead link until its timeout.
/// </summary>
internal sealed class PendingRequests
{
    private readonly Lock _gate = new();
    private readonly Dictionary<uint, PendingRequest> _waiting = [];
    private uint _lastId;
    private Exception? _failure;

    /// <summary>How many requests wait for an answer.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>Registers a request: gives it a fresh non-zero id and returns the entry to await.</summary>
    /// <param name="request">The request; its RequestId is set here.</param>
    /// <param name="onAnswer">Runs on the receive loop with the answer before anyone awaiting sees it, so state
    /// the answer carries (a login's talks, a sent message's seq) is applied before the next frame is read.</param>
    /// <exception cref="RelinkConnectionException">The link has already failed.</exception>
    public PendingRequest Add(Envelope request, Action<Envelope>? onAnswer)
    {
        lock (_gate)
        {
            if (_failure is not null)
            {
                throw new RelinkConnectionException(_failure.Message, _failure.InnerException);
            }

            request.RequestId = NextIdLocked();
            var pending = new PendingRequest(request.RequestId, request.BodyCase, onAnswer);
            _waiting.Add(pending.Id, pending);
            return pending;
        }
    }

    /// <summary>
    /// Gives a request that waits for no answer (an ack) a fresh non-zero id: the server refuses id 0, and an
    /// error about this request then carries an id no waiting request has.
    /// </summary>
    public void AssignId(Envelope request)
    {
        lock (_gate)
        {
            request.RequestId = NextIdLocked();
        }
    }

    private uint NextIdLocked()
    {
        do
        {
            _lastId++;
        }
        while (_lastId == 0 || _waiting.ContainsKey(_lastId));

        return _lastId;
    }

    /// <summary>Hands an answer to the request that waits for it.</summary>
    /// <returns>False when no request waits for this id (it timed out or was cancelled).</returns>
    public bool TryComplete(Envelope answer)
    {
        PendingRequest? pending;
        lock (_gate)
        {
            if (!_waiting.Remove(answer.RequestId, out pending))
            {
                return false;
            }
        }

        pending.Complete(answer);
        return true;
    }

    /// <summary>Forgets a request that gave up waiting.</summary>
    public void Remove(PendingRequest pending)
    {
        lock (_gate)
        {
            _waiting.Remove(pending.Id);
        }
    }

    /// <summary>Fails every waiting request with <paramref name="failure"/> and refuses new ones from now on.</summary>
    public void FailAll(RelinkConnectionException failure)
    {
        PendingRequest[] failed;
        lock (_gate)
        {
            _failure ??= failure;
            failed = [.. _waiting.Values];
            _waiting.Clear();
        }

        foreach (var pending in failed)
        {
            pending.Fail(failure);
        }
    }
}

/// <summary>One request waiting for its answer.</summary>
internal sealed class PendingRequest(uint id, Envelope.BodyOneofCase kind, Action<Envelope>? onAnswer)
{
    private readonly TaskCompletionSource<Envelope> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public uint Id { get; } = id;

    public Envelope.BodyOneofCase Kind { get; } = kind;

    public Task<Envelope> Answer => _answer.Task;

    public void Complete(Envelope answer)
    {
        try
        {
            onAnswer?.Invoke(answer);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _answer.TrySetException(e);
            return;
        }

        _answer.TrySetResult(answer);
    }

    public void Fail(Exception failure) => _answer.TrySetException(failure);
}
