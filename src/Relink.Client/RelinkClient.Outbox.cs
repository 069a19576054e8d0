using Relink.Client.Model;
using Relink.Client.Sending;
using Relink.Client.Link;
using Relink.Protocol.Messages;

namespace Relink.Client;

public sealed partial class RelinkClient
{
    // RATE_LIMITED carries no "retry after": wait 0.1 s, doubling to 5 s. The server refills its budget at 50 a second,
    // so one wait is normally enough; the limit only keeps a server that refuses everything from holding the outbox
    // forever (about 25 s in all).
    private static readonly TimeSpan FirstRateLimitWait = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LongestRateLimitWait = TimeSpan.FromSeconds(5);
    private const int MaxRateLimitedTries = 10;

    /// <summary>
    /// Raised when <see cref="PendingMessages"/> changes: a message was queued, acknowledged, refused or cancelled, or
    /// the outbox was failed because the client stopped.
    /// </summary>
    public event EventHandler<PendingMessagesChangedEventArgs>? PendingMessagesChanged;

    /// <summary>The messages sent but not yet acknowledged, oldest first (a snapshot).</summary>
    public IReadOnlyList<PendingMessage> PendingMessages => _outbox.Snapshot();

    /// <summary>
    /// Sends the outbox from its head. One message is on the wire at a time: the server handles a connection's
    /// requests in order, so the next goes out only when the previous one is settled, and a refused or rate-limited
    /// message can never be overtaken by a later one. The cost is one round trip per message; the server's own
    /// budget (50 a second after a burst of 200 per connection) is the tighter limit on any real link.
    /// </summary>
    private void PumpOutbox()
    {
        if (_outbox.RequestPump())
        {
            _ = PumpOutboxAsync();
        }
    }

    private async Task PumpOutboxAsync()
    {
        // Off the caller's thread: it may be the receive loop, which must go on reading the answers.
        await Task.Yield();
        while (true)
        {
            ClientLink? link = _lifecycle.ConnectedLink;
            bool dropped = false;
            OutboxEntry? head = link is { IsClosed: false } ? _outbox.ClaimHead(link, out dropped) : null;
            if (dropped)
            {
                PendingMessagesChangedNow();
            }

            if (head is null)
            {
                if (_outbox.TryEndPump())
                {
                    return;
                }

                continue;
            }

            await SendHeadAsync(link!, head);
        }
    }

    private async Task SendHeadAsync(ClientLink link, OutboxEntry entry)
    {
        Envelope answer;
        try
        {
            // No timeout: on a live link the answer comes (the server answers in order, and a stuck server stops
            // answering pings too, which the heartbeat turns into a reconnect and a resend).
            answer = await link.RequestAsync(entry.ToRequest(), Timeout.InfiniteTimeSpan, a => OnSendAnswered(entry, a), CancellationToken.None);
        }
        catch (RelinkConnectionException)
        {
            // The link is gone. Reconnecting: the entry stays at the head and goes out again on the next session.
            // Not reconnecting: the outbox was failed already. Abandoned: the caller no longer wants it.
            _outbox.Release(entry);
            if (entry.Abandoned)
            {
                ForgetEntry(entry);
            }

            return;
        }

        if (answer.BodyCase != Envelope.BodyOneofCase.Error)
        {
            return; // settled on the receive loop, in order with the pushes around it
        }

        if (answer.Error.Code == Relink.Protocol.Messages.ErrorCode.RateLimited && entry.RateLimitedTries < MaxRateLimitedTries && !entry.Abandoned)
        {
            TimeSpan wait = TimeSpan.FromTicks(Math.Min(LongestRateLimitWait.Ticks, FirstRateLimitWait.Ticks << entry.RateLimitedTries));
            entry.RateLimitedTries++;
            LogRateLimited(_logger, entry.ClientMsgId, wait.TotalSeconds);

            // The timer first: whoever sees the message off the wire may already move a manual clock past the wait.
            Task waiting = Task.Delay(wait, _time);
            _outbox.Release(entry);
            await waiting;
            return;
        }

        _outbox.Release(entry);
        if (_outbox.Remove(entry))
        {
            RecordSettled([entry.ClientMsgId]);
            entry.Fail(RelinkException.FromError(answer.Error, Envelope.BodyOneofCase.SendMessage));
            PendingMessagesChangedNow();
        }
    }

    // On the receive loop, as the answer is read: the cursor moves before the next push of the conversation is read.
    private void OnSendAnswered(OutboxEntry entry, Envelope answer)
    {
        if (answer.BodyCase != Envelope.BodyOneofCase.SendMessageOk || answer.SendMessageOk.Message is not { } storedOnWire)
        {
            return;
        }

        ChatMessage stored = storedOnWire.ToModel();

        // Our own message moves the conversation's cursor (so the next push needs no pull) but is not "received":
        // the caller has it from SendAsync.
        if (_options.ReceiveMessages)
        {
            _inbox.OnSent(stored);
        }

        _view.Seen(stored);
        if (_outbox.Remove(entry))
        {
            RecordSettled([entry.ClientMsgId]);
            entry.Complete(stored);
            PendingMessagesChangedNow();
        }
    }

    private void OnSendCancelled(OutboxEntry entry, CancellationToken token)
    {
        // Waiting its turn: never sent. On the wire: the answer (or the link's end) takes it out, keeping the order.
        if (entry.Cancel(token) && _outbox.RemoveIfNotSent(entry))
        {
            RecordSettled([entry.ClientMsgId]);
            PendingMessagesChangedNow();
        }
    }

    private void ForgetEntry(OutboxEntry entry)
    {
        if (_outbox.Remove(entry))
        {
            RecordSettled([entry.ClientMsgId]);
            PendingMessagesChangedNow();
        }
    }

    /// <summary>Closes the outbox with <paramref name="reason"/>: every waiting message fails with it, and so does every later send.</summary>
    /// <param name="reason">What the sends fail with.</param>
    /// <param name="forget">Whether the messages are given up for good, or stay in the state store for the next
    /// login (a client that was disposed, or needs a password, would have sent them).</param>
    private void FailOutbox(Exception reason, bool forget = false)
    {
        List<OutboxEntry> failed = _outbox.Close(reason);
        foreach (OutboxEntry entry in failed)
        {
            entry.Fail(reason);
        }

        if (forget)
        {
            RecordSettled([.. failed.Select(e => e.ClientMsgId)]);
        }

        if (failed.Count > 0)
        {
            LogOutboxFailed(_logger, failed.Count, reason.Message);
            PendingMessagesChangedNow();
        }
    }

    private void PendingMessagesChangedNow() =>
        Raise(nameof(PendingMessagesChanged), PendingMessagesChanged, new PendingMessagesChangedEventArgs(_outbox.Count));
}
