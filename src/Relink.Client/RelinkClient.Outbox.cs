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
    /// Sends the outbox in order, up to <see cref="RelinkClientOptions.MaxSendsInFlight"/> messages on the wire at once:
    /// the server stores a connection's sends in the order it reads them, so a burst is limited by the server, not by
    /// a round trip per message, and the order is kept. Each answer makes room for the next. A message refused for
    /// going too fast (RATE_LIMITED) holds the outbox: it and everything written after it go out again, in order, after
    /// a wait (the server refuses the later ones too until the refused one comes back, so none overtakes it). A link
    /// that drops leaves its messages in the outbox, and they go out again, in order, on the next session.
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
            OutboxEntry? next = link is { IsClosed: false } ? _outbox.ClaimNext(link, _options.MaxSendsInFlight, out dropped) : null;
            if (dropped)
            {
                PendingMessagesChangedNow();
            }

            if (next is null)
            {
                if (_outbox.TryEndPump())
                {
                    return;
                }

                continue;
            }

            int attempt = next.Attempt;
            Task<Envelope> answer;
            try
            {
                // Awaiting the write (not the answer) before the next claim is what keeps the frames in outbox order.
                answer = await link!.WriteRequestAsync(next.ToRequest(), a => OnSendAnswered(next, attempt, a));
            }
            catch (RelinkConnectionException)
            {
                ReleaseAfterLinkEnded(next, attempt);
                continue;
            }

            _ = SettleSendAsync(next, attempt, answer);
        }
    }

    private async Task SettleSendAsync(OutboxEntry entry, int attempt, Task<Envelope> answering)
    {
        Envelope answer;
        try
        {
            // No timeout: on a live link the answer comes (the server answers in order, and a stuck server stops
            // answering pings too, which the heartbeat turns into a reconnect and a resend).
            answer = await answering;
        }
        catch (RelinkConnectionException)
        {
            ReleaseAfterLinkEnded(entry, attempt);
            return;
        }

        if (answer.BodyCase != Envelope.BodyOneofCase.Error)
        {
            PumpOutbox(); // settled on the receive loop, in order with the pushes around it; its place is free
            return;
        }

        if (answer.Error.Code == Relink.Protocol.Messages.ErrorCode.RateLimited && !_outbox.IsOnWire(entry, attempt))
        {
            return; // held when its refusal was read (by it, or by an earlier refused message): it goes out again
        }

        if (_outbox.Remove(entry))
        {
            RecordSettled([entry.ClientMsgId]);
            entry.Fail(RelinkException.FromError(answer.Error, Envelope.BodyOneofCase.SendMessage));
            PendingMessagesChangedNow();
        }

        PumpOutbox();
    }

    // The link is gone. Reconnecting: the entry stays in its place and goes out again on the next session. Not
    // reconnecting: the outbox was failed already. Abandoned: the caller no longer wants it.
    private void ReleaseAfterLinkEnded(OutboxEntry entry, int attempt)
    {
        _outbox.Release(entry, attempt);
        if (entry.Abandoned)
        {
            ForgetEntry(entry);
        }
    }

    // On the receive loop, as the answer is read: the cursor moves before the next push of the conversation is read,
    // and a refusal for rate holds the outbox in the order the refusals came.
    private void OnSendAnswered(OutboxEntry entry, int attempt, Envelope answer)
    {
        if (answer.BodyCase == Envelope.BodyOneofCase.Error && answer.Error.Code == Relink.Protocol.Messages.ErrorCode.RateLimited)
        {
            HoldForRate(entry, attempt);
            return;
        }

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

    // On the receive loop, in the order the refusals were read. Only here does the first refused message take the hold
    // (and count a try): the messages written after it were refused because of it, and their refusals, read after its
    // own, find them off the wire already. Deciding this where the answers are settled instead (SettleSendAsync, on the
    // thread pool, in no set order) let a message behind the refused one take the hold for itself, count a try each
    // time, and fail after ten holds it never caused.
    private void HoldForRate(OutboxEntry entry, int attempt)
    {
        if (entry.RateLimitedTries >= MaxRateLimitedTries || entry.Abandoned)
        {
            return; // stays on the wire: SettleSendAsync fails it with the server's refusal
        }

        TimeSpan wait = TimeSpan.FromTicks(Math.Min(LongestRateLimitWait.Ticks, FirstRateLimitWait.Ticks << entry.RateLimitedTries));

        // The timer first: whoever sees the message off the wire may already move a manual clock past the wait.
        Task waiting = Task.Delay(wait, _time);
        if (!_outbox.HoldFrom(entry, attempt))
        {
            return; // written after a refused message, and refused with it: the hold in force sends it again
        }

        entry.RateLimitedTries++;
        LogRateLimited(_logger, entry.ClientMsgId, wait.TotalSeconds);
        _ = ResumeAfterAsync(waiting);
    }

    private async Task ResumeAfterAsync(Task waiting)
    {
        await waiting;
        _outbox.Resume();
        PumpOutbox();
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
