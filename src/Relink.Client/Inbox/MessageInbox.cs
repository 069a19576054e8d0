using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Relink.Client.Session;
using Relink.Client.Model;

namespace Relink.Client.Inbox;

/// <summary>
/// Turns what arrives (pushes, history pages, the login's talks, this client's own acked sends) into what the
/// user sees: per conversation, every message once, in seq order. Each conversation has a
/// <see cref="ConversationSequencer"/>; holes are pulled from the server; delivered messages go to a bounded
/// channel (when one is configured) and the MessageReceived event, and are acknowledged in batches.
/// </summary>
/// <remarks>
/// A message counts as delivered, and is acknowledged, once it is in the channel: so at most the channel's
/// capacity of messages can be acknowledged but not yet read if the process dies. When the channel is full a
/// conversation stalls (its cursor stays, its messages wait or stay on the server) until the reader makes room.
/// </remarks>
internal sealed partial class MessageInbox
{
    /// <summary>Out-of-order messages kept per conversation; past that the server's store is the buffer.</summary>
    public const int MaxWaitingPerConversation = 512;

    /// <summary>Messages per history pull: the protocol's largest page.</summary>
    public const int PullPageSize = 200;

    // Enough to recognise every own message a history page could bring back.
    private const int RememberedOwnIds = 4096;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, ConversationSequencer> _conversations = new(StringComparer.Ordinal);
    private readonly OwnMessageIds _ownIds = new(RememberedOwnIds);
    private readonly Channel<ChatMessage>? _channel;
    private readonly IInboxHost _host;
    private readonly EventQueue _events;
    private readonly ILogger _logger;
    private int _stalled;

    public MessageInbox(int capacity, IInboxHost host, AckBatcher acks, EventQueue events, ILogger logger)
    {
        _host = host;
        Acks = acks;
        _events = events;
        _logger = logger;
        if (capacity > 0)
        {
            _channel = Channel.CreateBounded<ChatMessage>(new BoundedChannelOptions(capacity)
            {
                FullMode = BoundedChannelFullMode.Wait,
                SingleReader = false,
                SingleWriter = false,
            });
        }
    }

    /// <summary>The batches of delivery cursors waiting to be sent.</summary>
    public AckBatcher Acks { get; }

    /// <summary>The delivered messages, in order per conversation; null when the inbox has no channel.</summary>
    public ChannelReader<ChatMessage>? Reader => _channel?.Reader;

    /// <summary>The delivery cursor of a conversation (for tests and diagnostics); 0 when unknown.</summary>
    public long CursorOf(string conversationId)
    {
        lock (_gate)
        {
            return _conversations.TryGetValue(conversationId, out var sequencer) ? sequencer.Cursor : 0;
        }
    }

    /// <summary>Forgets every conversation (a different user logged in on this client).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _conversations.Clear();
            _ownIds.Clear();
            Acks.Clear();
            _stalled = 0;
        }
    }

    /// <summary>Remembers the id of a message this client is about to send.</summary>
    public void RegisterOwn(string clientMsgId)
    {
        lock (_gate)
        {
            _ownIds.Add(clientMsgId);
        }
    }

    /// <summary>
    /// Starts delivery for a fresh session from the login's talk list: each conversation resumes at this device's
    /// cursor; what arrived while offline comes from the talk's latest messages, or is pulled when they do not
    /// reach back far enough. Runs on the receive loop before any later push is read, so live messages of a
    /// conversation can only come out after its backlog.
    /// </summary>
    /// <param name="talks">The login's talk list.</param>
    /// <param name="savedCursors">Cursors a state store kept that are ahead of the server's (its acks were lost):
    /// what they cover was delivered by an earlier client, and is not delivered again.</param>
    public void BeginSession(IEnumerable<Talk> talks, IReadOnlyDictionary<string, long>? savedCursors = null)
    {
        var work = new InboxWork();
        lock (_gate)
        {
            // Pulls still out went on the previous link, which is gone: whatever they bring back is still
            // welcome, but they must not stop this session from asking again.
            foreach (var existing in _conversations.Values)
            {
                existing.EndPull();
            }

            foreach (Talk talk in talks)
            {
                if (string.IsNullOrEmpty(talk.ConversationId) || talk.Peer.Id.Length == 0)
                {
                    continue;
                }

                long cursor = Math.Max(talk.DeliveredSeq, savedCursors?.GetValueOrDefault(talk.ConversationId) ?? 0);
                var sequencer = CatchUpLocked(talk.ConversationId, talk.Peer, cursor, talk.LastSeq);
                foreach (ChatMessage message in talk.Latest)
                {
                    sequencer.Offer(message, _ownIds.Contains(message.ClientMsgId));
                }

                DrainLocked(sequencer, ref work);
            }

            // A conversation met in a push whose sync was lost with the last link asks again.
            work.Sync = _conversations.Values.Any(c => !c.CursorKnown && c.WaitingCount > 0);
        }

        Finish(ref work);
    }

    /// <summary>
    /// What the server's store says this device is behind on (the sync answer): each talk catches up from the
    /// device's cursor to the talk's last seq, by pulling what no push brought. Talks met only in a push so far
    /// learn where their delivery starts.
    /// </summary>
    public void OnSynced(IEnumerable<Relink.Protocol.Messages.TalkCursor> behind)
    {
        var work = new InboxWork();
        lock (_gate)
        {
            foreach (Relink.Protocol.Messages.TalkCursor talk in behind)
            {
                if (string.IsNullOrEmpty(talk.ConversationId) || talk.Peer is null)
                {
                    continue;
                }

                DrainLocked(CatchUpLocked(talk.ConversationId, talk.Peer.ToModel(), talk.DeliveredSeq, talk.LastSeq), ref work);
            }
        }

        Finish(ref work);
    }

    /// <summary>A conversation's sequencer, told the server's cursor for this device and the last seq that exists.</summary>
    private ConversationSequencer CatchUpLocked(string conversationId, Peer peer, long cursor, long lastSeq)
    {
        var sequencer = GetOrAdd(conversationId, peer, cursor);
        sequencer.LearnServerCursor(cursor);
        sequencer.NoteLastSeq(lastSeq);
        return sequencer;
    }

    /// <summary>A message the server pushed.</summary>
    public void OnPushed(ChatMessage message) => Accept(message, own: false);

    /// <summary>A message this client sent, as the server stored it: advances the cursor, raises nothing.</summary>
    public void OnSent(ChatMessage message) => Accept(message, own: true);

    /// <summary>The reader took messages: conversations stalled on a full channel may go on.</summary>
    public void OnReaderProgress()
    {
        if (Volatile.Read(ref _stalled) == 0)
        {
            return;
        }

        var work = new InboxWork();
        lock (_gate)
        {
            _stalled = 0;
            foreach (var sequencer in _conversations.Values)
            {
                if (sequencer.IsStalled)
                {
                    DrainLocked(sequencer, ref work);
                }
            }
        }

        Finish(ref work);
    }

    /// <summary>Ends the channel: readers finish once they have read what is in it.</summary>
    public void Complete() => _channel?.Writer.TryComplete();

    private void Accept(ChatMessage message, bool own)
    {
        if (string.IsNullOrEmpty(message.ConversationId) || message.Seq <= 0)
        {
            LogUnsequenced(_logger, message.Id);
            return;
        }

        var work = new InboxWork();
        lock (_gate)
        {
            // A conversation not in the login's talk list (new since, deleted from the list, or a group joined
            // since) waits for this device's cursor from the server before anything of it comes out: an earlier
            // message may still be on its way, and the device's cursor may be anywhere below this one. Seq 1 says
            // it at once (nothing is below it). Own messages raise nothing, so they wait quietly until someone
            // else's message needs the cursor.
            var sequencer = GetOrAdd(message.ConversationId, message.Peer, 0, cursorKnown: false);
            if (message.Seq == 1 && !sequencer.CursorKnown)
            {
                sequencer.LearnServerCursor(0);
            }

            own |= _ownIds.Contains(message.ClientMsgId);
            work.Sync = !own && !sequencer.CursorKnown;
            if (sequencer.Offer(message, own) == OfferOutcome.Accepted)
            {
                DrainLocked(sequencer, ref work);
            }
            else
            {
                RequestPullLocked(sequencer, ref work);
            }
        }

        Finish(ref work);
    }

    private async Task PullAsync(ConversationSequencer sequencer, long afterSeq)
    {
        while (true)
        {
            HistoryPage page;
            try
            {
                page = await _host.PullAsync(sequencer.Peer, afterSeq, PullPageSize);
            }
            catch (Exception e) when (e is RelinkException or OperationCanceledException)
            {
                // The link is gone or the server refused: the next session, or the next push, tries again.
                lock (_gate)
                {
                    sequencer.EndPull();
                }

                LogPullFailed(_logger, sequencer.Peer.Id, afterSeq, e);
                return;
            }

            var work = new InboxWork();
            lock (_gate)
            {
                // A page after afterSeq holds every message after it that this user may see, so one that starts
                // further on (or an empty one short of its last seq) marks seqs hidden from this user: a group's
                // history from before their (latest) join. Waiting for those would stall the conversation for good.
                long firstVisible = page.Messages.Count > 0 ? page.Messages[0].Seq : page.LastSeq + 1;
                if (firstVisible > afterSeq + 1)
                {
                    sequencer.SkipHidden(firstVisible - 1);
                }

                foreach (ChatMessage message in page.Messages)
                {
                    sequencer.Offer(message, _ownIds.Contains(message.ClientMsgId));
                }

                sequencer.NoteLastSeq(page.LastSeq);
                sequencer.EndPull();
                DrainLocked(sequencer, ref work);

                // An empty page cannot close the hole; pulling again at once would only spin. The next push
                // of this conversation asks again.
                if (page.Messages.Count == 0 || !sequencer.TryBeginPull(out afterSeq))
                {
                    afterSeq = -1;
                }
            }

            Finish(ref work);
            if (afterSeq < 0)
            {
                return;
            }
        }
    }

    private ConversationSequencer GetOrAdd(string conversationId, Peer? peer, long cursor, bool cursorKnown = true)
    {
        if (!_conversations.TryGetValue(conversationId, out var sequencer))
        {
            sequencer = new ConversationSequencer(conversationId, peer ?? Peer.None, Math.Max(0, cursor), MaxWaitingPerConversation, cursorKnown);
            _conversations.Add(conversationId, sequencer);
        }

        return sequencer;
    }

    private void DrainLocked(ConversationSequencer sequencer, ref InboxWork work)
    {
        var decision = AckDecision.None;
        sequencer.Drain(item =>
        {
            if (!item.Own && item.Message.IsChange)
            {
                // An edit or recall is sequenced like a message (same cursor, same acks) but raised as its own event,
                // not put in the channel: a reader of messages would otherwise show it as one.
                ChatMessage change = item.Message;
                _events.Enqueue(change.Type == MessageType.Edit ? nameof(RelinkClient.MessageEdited) : nameof(RelinkClient.MessageRecalled), () => _host.RaiseChanged(change));
            }
            else if (!item.Own)
            {
                if (_channel is not null && !_channel.Writer.TryWrite(item.Message))
                {
                    // Raise the flag before one more try: a reader that made room and looked at the flag in
                    // between would otherwise miss it, and this conversation would wait for its next message.
                    Volatile.Write(ref _stalled, 1);
                    if (!_channel.Writer.TryWrite(item.Message))
                    {
                        return false;
                    }
                }

                ChatMessage message = item.Message;
                _events.Enqueue(nameof(RelinkClient.MessageReceived), () => _host.RaiseReceived(message));
            }

            AckDecision recorded = Acks.Record(sequencer.ConversationId, item.Message.Seq);
            decision = recorded > decision ? recorded : decision;
            return true;
        });

        if (sequencer.IsStalled)
        {
            _stalled = 1;
        }

        work.Ack = work.Ack > decision ? work.Ack : decision;
        RequestPullLocked(sequencer, ref work);
    }

    private static void RequestPullLocked(ConversationSequencer sequencer, ref InboxWork work)
    {
        if (sequencer.TryBeginPull(out long afterSeq))
        {
            (work.Pulls ??= []).Add((sequencer, afterSeq));
        }
    }

    // Everything that must happen outside the lock: user handlers, I/O.
    private void Finish(ref InboxWork work)
    {
        _events.RaisePending();
        if (work.Sync)
        {
            _host.SyncSoon();
        }

        if (work.Pulls is { } pulls)
        {
            foreach (var (sequencer, afterSeq) in pulls)
            {
                _ = PullAsync(sequencer, afterSeq);
            }
        }

        if (work.Ack == AckDecision.FlushNow)
        {
            if (Acks.Take() is { } batch)
            {
                _host.SendAcks(batch);
            }
        }
        else if (work.Ack == AckDecision.ArmTimer)
        {
            _host.AckTimerArmed();
        }
    }

    private struct InboxWork
    {
        public List<(ConversationSequencer Sequencer, long AfterSeq)>? Pulls;
        public AckDecision Ack;
        public bool Sync;
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "Ignored message {MessageId}: it has no conversation or seq.")]
    private static partial void LogUnsequenced(ILogger logger, long messageId);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Could not pull history of {Peer} after seq {AfterSeq}; will retry on the next message or session.")]
    private static partial void LogPullFailed(ILogger logger, string peer, long afterSeq, Exception exception);
}
