using System.Diagnostics;
using Relink.Protocol.Messages;
using Relink.Server.Diagnostics;
using Relink.Server.Sessions;
using Relink.Storage;

namespace Relink.Server.Chat;

public sealed partial class ChatService
{
    private const int DefaultHistoryLimit = 50;
    private const int MaxHistoryLimit = 200;
    private const int MaxCursorsPerAck = 256;

    /// <summary>
    /// Stores a message, then acknowledges it with the server-assigned id, sequence number and time, then pushes
    /// it to every other online session of every participant. A retry with the same client message id stores
    /// nothing and gets the original ack (and the fan-out again: receivers drop the duplicate by sequence).
    /// </summary>
    /// <remarks>
    /// The request pipeline does the same in two steps, so that a connection's next send can be issued while this
    /// one waits for its commit: <see cref="IssueSendAsync"/>, then <see cref="AnswerSend"/> once the append is done.
    /// </remarks>
    public async Task<Envelope> SendMessageAsync(Session session, SendMessageRequest request)
    {
        var issued = await IssueSendAsync(session, request);
        var result = await Committed(issued);
        return AnswerSend(session, issued, result);
    }

    /// <summary>True when a connection's sends may be issued before the previous one committed (<see cref="IChatStore.AppendsInIssueOrder"/>).</summary>
    internal bool SendsMayOverlap => store.AppendsInIssueOrder;

    /// <summary>
    /// Everything of a client's send up to the store: the send budget, the checks, the right to use the
    /// conversation, then the append issued (not awaited). Throws a <see cref="RequestException"/> for a send refused
    /// before the store. Called in the order the sends arrived, so budget refusals and appends keep that order.
    /// </summary>
    internal async ValueTask<IssuedSend> IssueSendAsync(Session session, SendMessageRequest request)
    {
        if (!session.TryTakeSendToken(options.Limits, time, request.ClientMsgId))
        {
            metrics.Refused(RefusedLimit.SendRate);
            throw new RequestException(ErrorCode.RateLimited, $"Sending too fast: at most {options.Limits.SendsPerSecond} messages per second after a burst of {options.Limits.SendBurst}.");
        }

        string clientMsgId = Validate.Text(request.ClientMsgId, "client_msg_id", 1, Validate.MaxClientMsgIdLength);
        var peer = Validate.Peer(request.To, "to");
        (MessageKind kind, string text) = Validate.MessageContent(request.Type, request.Text);
        string conversationId;
        using (RelinkTracing.Source.StartActivity(RelinkTracing.Authorize))
        {
            conversationId = await AuthorizeConversationAsync(session, peer);
        }

        return Issue(session.UserId, peer, conversationId, clientMsgId, kind, text, from: session);
    }

    /// <summary>
    /// The answer to a client's send whose append committed (<paramref name="result"/>), after the message was pushed
    /// to everyone else: see <see cref="StoreAndDeliverAsync"/>. Throws a <see cref="RequestException"/> for a key
    /// already used in another conversation.
    /// </summary>
    internal Envelope AnswerSend(Session session, in IssuedSend issued, AppendResult result)
    {
        Deliver(session.UserId, issued, result, from: session);
        return new Envelope
        {
            SendMessageOk = new SendMessageResponse { Message = ProtoMapping.Message(result.Message, issued.Peer), Duplicate = result.Duplicate },
        };
    }

    /// <summary>
    /// The one way a message enters the chat, for a client's send and the server API's alike: stores it, then pushes
    /// it to every online session of every participant but <paramref name="from"/> (the sending connection, which
    /// gets the answer instead; null when the message comes from the server API, so all the sender's devices get
    /// their copy). A retry with the same (sender, client message id) stores nothing and returns the original; it is
    /// pushed again (receivers drop the duplicate by sequence), so a push lost to a crash right after the store is
    /// made good by the retry. The caller has checked that the sender may use the conversation (the peer names it
    /// from the sender's side: the other user, or the group) and that it exists.
    /// </summary>
    internal async Task<AppendResult> StoreAndDeliverAsync(string senderId, Peer peer, string conversationId, string clientMsgId, MessageKind kind, string text, Session? from)
    {
        var issued = Issue(senderId, peer, conversationId, clientMsgId, kind, text, from);
        var result = await Committed(issued);
        Deliver(senderId, issued, result, from);
        return result;
    }

    /// <summary>Issues the append (queued in the store, not yet committed) and starts its trace step.</summary>
    private IssuedSend Issue(string senderId, Peer peer, string conversationId, string clientMsgId, MessageKind kind, string text, Session? from)
    {
        long storing = time.GetTimestamp();
        var storeStep = RelinkTracing.Source.StartActivity(RelinkTracing.Store);
        try
        {
            var append = store.AppendMessageAsync(new NewMessage(conversationId, senderId, clientMsgId, kind, text, Now, from?.DeviceId));
            return new IssuedSend(append, peer, conversationId, storing, storeStep);
        }
        catch
        {
            storeStep?.Dispose();
            throw;
        }
        finally
        {
            // The step ends when the commit is seen (IssuedSend.EndStore), maybe on another thread: it must not stay
            // the current activity of this flow, or the next send's steps would hang under it.
            if (storeStep is not null)
            {
                Activity.Current = storeStep.Parent;
            }
        }
    }

    /// <summary>Awaits the append of <paramref name="issued"/>, ending its trace step either way.</summary>
    private static async Task<AppendResult> Committed(IssuedSend issued)
    {
        AppendResult result;
        try
        {
            result = await issued.Append;
        }
        catch
        {
            issued.EndStore(null);
            throw;
        }

        return result;
    }

    /// <summary>After the commit: records it and pushes the message to every online session but <paramref name="from"/>.</summary>
    private void Deliver(string senderId, in IssuedSend issued, AppendResult result, Session? from)
    {
        issued.EndStore(result);
        metrics.StoreTime(StoreOperation.AppendMessage, time, issued.Storing);
        long committedAt = time.GetTimestamp();
        if (result.Duplicate && result.Message.ConversationId != issued.ConversationId)
        {
            // The key names a message of another conversation: answering with it would show that message here.
            throw RequestException.Invalid("client_msg_id", "This client message id was already used for a message to another conversation; a new message needs a new id.");
        }

        var peer = issued.Peer;
        bool group = peer.Kind == Protocol.Messages.ConversationKind.Group;
        if (!result.Duplicate)
        {
            metrics.MessageStored(group);
        }

        using (var publishing = RelinkTracing.Source.StartActivity(RelinkTracing.Publish))
        {
            int pushed = FanOut(senderId, peer, result.Message, except: from, committedAt, publishing);
            metrics.MessagePushed(group, pushed);
            publishing?.SetTag("relink.push.sessions", pushed);
        }
    }

    /// <summary>A page of one conversation's history, for participants only.</summary>
    public async Task<Envelope> HistoryAsync(Session session, HistoryRequest request)
    {
        var peer = Validate.Peer(request.Peer, "peer");
        string conversationId = await AuthorizeConversationAsync(session, peer);
        // A group member reads from their join onward unless the group shows its whole history (docs/protocol.md).
        long visibleFrom = peer.Kind == Protocol.Messages.ConversationKind.Group ? await VisibleFromSeqAsync(peer.Id, session.UserId) : 0;
        int limit = Validate.Limit(request.Limit, DefaultHistoryLimit, MaxHistoryLimit);
        // Presence, not value, picks the direction: "after 0" is how a device with nothing yet reads from the start.
        bool forward = request.HasAfterSeq;
        long reading = time.GetTimestamp();
        var page = await store.GetMessagesAsync(conversationId, forward ? Math.Max(Math.Max(0, request.AfterSeq), visibleFrom - 1) : null, Math.Max(0, request.BeforeSeq), limit);
        metrics.StoreTime(StoreOperation.GetMessages, time, reading);
        if (!forward && visibleFrom > 1)
        {
            page = HistoryVisibility.From(page, visibleFrom);
        }

        // Keep the page within the byte budget, dropping from the far end of the direction asked (the client's next
        // page continues from what it got), so a page of long messages still fits in one server frame.
        var messages = page.Messages.Select(m => ProtoMapping.Message(m, peer)).ToList();
        int kept = FrameBudget.CountWithin(messages, options.PageBudgetBytes, fromNewest: !forward);
        var response = new HistoryResponse { HasMore = page.HasMore || kept < messages.Count, LastSeq = page.LastSeq };
        response.Messages.AddRange(forward ? messages.Take(kept) : messages.Skip(messages.Count - kept));
        return new Envelope { HistoryOk = response };
    }

    /// <summary>
    /// Moves this device's delivery cursors: held in memory and written in bulk (<see cref="DeliveryCursorBuffer"/>),
    /// or at once when <see cref="Configuration.RelinkServerOptions.DeliveryCursorFlushInterval"/> is zero. Cursors for
    /// conversations the user takes no part in are ignored. No answer: acks are fire-and-forget.
    /// </summary>
    public async Task<Envelope?> AckAsync(Session session, AckRequest request)
    {
        if (request.Cursors.Count > MaxCursorsPerAck)
        {
            throw RequestException.Invalid("cursors", $"At most {MaxCursorsPerAck} cursors per ack.");
        }

        bool hold = options.DeliveryCursorFlushInterval > TimeSpan.Zero;
        List<DeliveryCursor>? cursors = null;
        foreach (var cursor in request.Cursors)
        {
            if (cursor.Seq <= 0 || !await access.TakesPartAsync(session.UserId, cursor.ConversationId))
            {
                continue;
            }

            if (hold)
            {
                heldCursors.Advance(session.UserId, session.DeviceId, cursor.ConversationId, cursor.Seq);
                // The device has the message now: the sender's "delivered" tick does not wait for the cursor's write
                // (read_positions may show the stored, up to one flush interval older, position meanwhile).
                readSignals.Delivered(session.UserId, cursor.ConversationId, cursor.Seq);
            }
            else
            {
                (cursors ??= new List<DeliveryCursor>(request.Cursors.Count)).Add(new DeliveryCursor(cursor.ConversationId, cursor.Seq));
            }
        }

        if (cursors is not null)
        {
            long writing = time.GetTimestamp();
            await store.AdvanceDeliveredAsync(session.UserId, session.DeviceId, cursors);
            metrics.StoreTime(StoreOperation.AdvanceDelivered, time, writing);
            foreach (var cursor in cursors)
            {
                readSignals.Delivered(session.UserId, cursor.ConversationId, cursor.Seq); // "delivered" ticks, 1:1 only
            }
        }

        return null;
    }

    /// <summary>Writes the cursors held for a device before a read of them, so the device never sees its own acks undone.</summary>
    private Task WriteHeldCursorsAsync(string userId, string deviceId) => heldCursors.FlushAsync(userId, deviceId);

    /// <summary>Queues the message to every online session of its participants but <paramref name="except"/>; returns how many.</summary>
    private int FanOut(string senderId, Peer peer, StoredMessage message, Session? except, long committedAt, Activity? publishing)
    {
        if (peer.Kind == Protocol.Messages.ConversationKind.Group)
        {
            return sessions.PublishToGroup(peer.Id, Push(message, peer, committedAt, publishing), except);
        }

        return sessions.PublishToUser(peer.Id, Push(message, new Peer { Kind = peer.Kind, Id = senderId }, committedAt, publishing))
            + sessions.PublishToUser(senderId, Push(message, peer, committedAt, publishing), except);
    }

    // The commit time and the publish activity ride on the frame, so the connection that writes it can record the
    // delivery lag and the push step of the trace: two fields on an object made anyway, no allocation.
    private static OutboundFrame Push(StoredMessage message, Peer peer, long committedAt, Activity? publishing) =>
        new(new Envelope { Message = new MessagePush { Message = ProtoMapping.Message(message, peer) } }) { CommittedAt = committedAt, Trace = publishing };
}
