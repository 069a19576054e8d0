using System.Runtime.CompilerServices;
using Relink.Client.Inbox;
using Relink.Client.Link;
using Relink.Client.Model;
using Relink.Protocol.Messages;

namespace Relink.Client;

public sealed partial class RelinkClient
{
    /// <summary>
    /// Raised for each message received, per conversation in seq order and exactly once: first the backlog of
    /// each conversation after login, then live messages. Messages this client sent are not raised (the send
    /// returned them); messages the same user sent from another device are. With an inbox
    /// (<see cref="RelinkClientOptions.InboxCapacity"/> &gt; 0) a message is raised when it enters the inbox, so
    /// an application that only handles this event should set the capacity to 0.
    /// </summary>
    public event EventHandler<ChatMessage>? MessageReceived;

    /// <summary>Raised when a friendship is made (by either side).</summary>
    public event EventHandler<UserProfile>? FriendAdded;

    /// <summary>Raised when a friend opens a talk with this user.</summary>
    public event EventHandler<Talk>? TalkOpened;

    /// <summary>Raised when this user joins or leaves a group, or someone joins or leaves one of this user's groups.</summary>
    public event EventHandler<GroupChangedNotice>? GroupChanged;

    /// <summary>
    /// Raised when the server closes this session for good (logged in elsewhere, disabled, …). The client then stops
    /// (<see cref="StopReason.Kicked"/>) and does not reconnect by itself: ask the user.
    /// </summary>
    public event EventHandler<Kicked>? Kicked;

    /// <summary>Raised when the server announces it is shutting down or restarting; the client reconnects when it asks.</summary>
    public event EventHandler<ServerGoingAway>? ServerGoingAway;

    /// <summary>
    /// The received messages, per conversation in seq order and exactly once (see <see cref="MessageReceived"/>).
    /// Read it with one consumer; it ends when the client is disposed, after the messages already in the inbox.
    /// </summary>
    /// <exception cref="InvalidOperationException">The client has no inbox (<see cref="RelinkClientOptions.InboxCapacity"/> is 0).</exception>
    public async IAsyncEnumerable<ChatMessage> ReadMessagesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var reader = _inbox.Reader ?? throw new InvalidOperationException(
            "This client has no inbox (InboxCapacity is 0): handle the MessageReceived event instead.");
        while (await reader.WaitToReadAsync(cancellationToken))
        {
            while (reader.TryRead(out ChatMessage? message))
            {
                _inbox.OnReaderProgress();
                yield return message;
            }
        }
    }

    // Every frame that is not the answer to a waiting request, once the lifecycle noted what it says about the
    // link's end; runs on the receive loop.
    private void OnPush(Envelope push)
    {
        switch (push.BodyCase)
        {
            case Envelope.BodyOneofCase.Message when push.Message.Message is { } message:
                var received = message.ToModel();
                OnMessageFromTypist(received);
                if (_options.ReceiveMessages)
                {
                    _inbox.OnPushed(received);
                }

                break;
            case Envelope.BodyOneofCase.FriendAdded when push.FriendAdded.Friend is { } added:
                UserProfile friend = added.ToModel();
                _view.FriendAdded(friend);
                Raise(nameof(FriendAdded), FriendAdded, friend);
                break;
            case Envelope.BodyOneofCase.TalkOpened when push.TalkOpened.Talk is { } talk:
                Raise(nameof(TalkOpened), TalkOpened, talk.ToModel());
                break;
            case Envelope.BodyOneofCase.GroupChanged:
                GroupChangedNotice changed = push.GroupChanged.ToModel();
                _view.GroupChanged(changed);
                Raise(nameof(GroupChanged), GroupChanged, changed);
                break;
            case Envelope.BodyOneofCase.Kicked:
                Raise(nameof(Kicked), Kicked, push.Kicked.ToModel());
                break;
            case Envelope.BodyOneofCase.GoingAway:
                Raise(nameof(ServerGoingAway), ServerGoingAway, push.GoingAway.ToModel());
                break;
            case Envelope.BodyOneofCase.TypingNotice:
                OnTypingNotice(push.TypingNotice);
                break;
            case Envelope.BodyOneofCase.ReadNotice or Envelope.BodyOneofCase.ReadSync or Envelope.BodyOneofCase.ReadReceiptsChanged:
                OnReadPush(push);
                break;
            case Envelope.BodyOneofCase.Presence:
                OnPresence(push.Presence);
                break;
            case Envelope.BodyOneofCase.Error:
                LogServerError(_logger, push.Error.Code.ToModel(), push.Error.Message, push.Error.Fatal);
                break;
            case var _ when OnFriendPush(push):
                break;
            default:
                LogUnexpectedPush(_logger, push.BodyCase, push.RequestId);
                break;
        }
    }

    private void Raise<T>(string name, EventHandler<T>? handler, T? args)
    {
        if (handler is null || args is null)
        {
            return;
        }

        _events.Enqueue(name, () => handler(this, args));
        _events.RaisePending();
    }

    Task<HistoryPage> IInboxHost.PullAsync(Peer peer, long afterSeq, int limit) =>
        RequestAsync(
            new Envelope { History = new HistoryRequest { Peer = peer.ToWire(), AfterSeq = afterSeq, Limit = limit } },
            Envelope.BodyOneofCase.HistoryOk,
            a => a.HistoryOk.ToModel(),
            CancellationToken.None);

    void IInboxHost.SendAcks(AckRequest acks) => SendAcks(acks);

    void IInboxHost.AckTimerArmed() => _timer.Reschedule();

    void IInboxHost.RaiseReceived(ChatMessage message) => MessageReceived?.Invoke(this, message);

    private void SendAcks(AckRequest acks)
    {
        RecordCursors(acks);
        if (_lifecycle.Link is { } link)
        {
            _ = SendAcksAsync(link, acks);
        }
        else
        {
            _inbox.Acks.Restore(acks);
        }
    }

    private async Task SendAcksAsync(ClientLink link, AckRequest acks)
    {
        try
        {
            await link.PostAsync(new Envelope { Ack = acks }, CancellationToken.None);
        }
        catch (RelinkConnectionException)
        {
            // Sent with the next session's first batch.
            _inbox.Acks.Restore(acks);
        }
    }

    private async Task FlushAcksAsync(ClientLink link)
    {
        if (_inbox.Acks.Take() is { } acks)
        {
            RecordCursors(acks);
            await SendAcksAsync(link, acks);
        }
    }
}
