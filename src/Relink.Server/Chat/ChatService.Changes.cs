using Relink.Protocol;
using Relink.Protocol.Messages;
using Relink.Server.Sessions;
using Relink.Storage;

namespace Relink.Server.Chat;

public sealed partial class ChatService
{
    /// <summary>
    /// Edits a text message of the caller's within <see cref="Configuration.RelinkServerOptions.EditWindow"/>: the
    /// event is stored with the conversation's next seq, answered, and pushed like a message.
    /// </summary>
    public Task<Envelope> EditMessageAsync(Session session, EditMessageRequest request)
    {
        string clientMsgId = Validate.Text(request.ClientMsgId, "client_msg_id", 1, Validate.MaxClientMsgIdLength);
        if (string.IsNullOrWhiteSpace(request.Text))
        {
            throw RequestException.Invalid("text", "text must not be blank.");
        }

        string text = Validate.Text(request.Text, "text", 1, FrameLimits.MaxTextLength);
        return ChangeAsync(session, request.Peer, request.Seq, MessageKind.Edit, text, clientMsgId, options.EditWindow, "edit", r => new Envelope { EditMessageOk = r });
    }

    /// <summary>
    /// Recalls a message of the caller's within <see cref="Configuration.RelinkServerOptions.RecallWindow"/>: its text
    /// leaves the store, and the event is stored with the conversation's next seq, answered, and pushed like a message.
    /// </summary>
    public Task<Envelope> RecallMessageAsync(Session session, RecallMessageRequest request) =>
        // A recall needs no key from the client: a second recall of the same message is the retry, and gets the first's event.
        ChangeAsync(session, request.Peer, request.Seq, MessageKind.Recall, "", "recall-" + Guid.NewGuid().ToString("N"), options.RecallWindow, "recall", r => new Envelope { RecallMessageOk = r });

    private async Task<Envelope> ChangeAsync(
        Session session, Peer? requestPeer, long seq, MessageKind kind, string text, string clientMsgId, TimeSpan window, string verb, Func<ChangeMessageResponse, Envelope> answer)
    {
        if (!session.TryTakeSendToken(options.Limits, time))
        {
            metrics.Refused(Diagnostics.RefusedLimit.SendRate);
            throw new RequestException(ErrorCode.RateLimited, $"Sending too fast: at most {options.Limits.SendsPerSecond} messages or changes per second after a burst of {options.Limits.SendBurst}.");
        }

        var peer = Validate.Peer(requestPeer, "peer");
        if (seq <= 0)
        {
            throw RequestException.Invalid("seq", "seq must name a message (1 or more).");
        }

        string conversationId = await AuthorizeConversationAsync(session, peer);
        var now = Now;
        var result = await store.ChangeMessageAsync(new MessageChange(conversationId, seq, session.UserId, clientMsgId, kind, text, now, now - window, session.DeviceId));
        long committedAt = time.GetTimestamp();
        var stored = result.Status switch
        {
            ChangeStatus.Applied => result.Event!,
            ChangeStatus.NotFound => throw RequestException.NotFound($"There is no message {seq} in this conversation to {verb}."),
            ChangeStatus.NotSender => throw RequestException.Forbidden($"Only the sender may {verb} a message."),
            ChangeStatus.WindowClosed => throw RequestException.Forbidden(
                window == TimeSpan.Zero ? $"This server does not let senders {verb} messages." : $"Too late to {verb}: a message can be changed this way for {Spoken(window)} after it was sent."),
            ChangeStatus.Recalled => throw RequestException.Forbidden("The message was recalled; it cannot be edited."),
            ChangeStatus.NotText => throw RequestException.Invalid("seq", "Only text messages can be edited."),
            _ => throw new InvalidOperationException($"Unknown change status {result.Status}."),
        };
        if (result.Duplicate && (stored.ConversationId != conversationId || stored.Kind != kind))
        {
            throw RequestException.Invalid("client_msg_id", "This client_msg_id was already used for something else; a new edit needs a new id.");
        }

        // Pushed exactly like a message (a retry pushes again, as a resent message does: receivers drop it by seq),
        // so every device applies it in seq order, and cursors and acks treat it alike.
        FanOut(session.UserId, peer, stored, except: session, committedAt, publishing: null);

        return answer(new ChangeMessageResponse { Event = ProtoMapping.Message(stored, peer), Duplicate = result.Duplicate });
    }

    /// <summary>A window as a person says it: "24 h", "2 min", "90 s".</summary>
    private static string Spoken(TimeSpan window) =>
        window.TotalHours >= 1 && window.TotalHours % 1 == 0 ? $"{window.TotalHours:0} h"
        : window.TotalMinutes >= 1 && window.TotalMinutes % 1 == 0 ? $"{window.TotalMinutes:0} min"
        : $"{window.TotalSeconds:0.###} s";
}
