using System.Diagnostics;
using Relink.Protocol.Messages;
using Relink.Server.Access;
using Relink.Server.Chat;
using Relink.Server.Diagnostics;
using Relink.Server.Limits;
using Relink.Server.Sessions;
using Relink.Storage;
using Body = Relink.Protocol.Messages.Envelope.BodyOneofCase;

namespace Relink.Server.Pipeline;

/// <summary>
/// Routes each request to its handler and turns every outcome into exactly one answer with the request's id:
/// the response, or an Error with a stable code. Requests other than register, login, resume and ping need a
/// logged-in session (<see cref="LoginGate"/>). Pings are answered here, at once; everything else goes to the chat
/// service, logins and resumes through the node's <see cref="SessionEntryAdmission"/>.
/// </summary>
public sealed partial class RequestDispatcher(ChatService chat, SessionEntryAdmission admission, RelinkMetrics metrics, TimeProvider time, ILogger<RequestDispatcher> logger)
{
    /// <summary>
    /// Requests of one connection that may wait behind a slow one while its receive loop reads on (so a ping behind
    /// them is still answered); one more and the loop waits, so TCP pushes back on the client.
    /// </summary>
    internal const int MaxQueuedBehind = 8;

    /// <summary>
    /// Takes one request from <paramref name="session"/>'s receive loop; never throws. A ping is answered at once,
    /// whatever the connection is waiting for: liveness must not depend on the store. Other requests keep their
    /// order: one runs in the loop's flow while nothing of the connection is pending; behind a slow one, up to
    /// <see cref="MaxQueuedBehind"/> wait their turn while the loop reads on. Completes when the loop may read the
    /// next request. See docs/protocol.md §2, rule 5.
    /// </summary>
    public ValueTask DispatchAsync(Session session, Envelope request)
    {
        if (request.BodyCase == Body.Ping && request.RequestId != 0)
        {
            AnswerPing(session, request);
            return default;
        }

        var line = session.InLine;
        if (line is null || line.IsCompleted)
        {
            var run = DispatchInOrderAsync(session, request);
            if (run.IsCompletedSuccessfully)
            {
                session.InLine = null;
                return default;
            }

            // Slow (the store, a full send pipeline): the loop reads on, and what comes next waits behind it.
            session.InLine = run.AsTask();
            session.QueuedBehind = 0;
            return default;
        }

        session.InLine = RunAfterAsync(line, session, request);
        return ++session.QueuedBehind >= MaxQueuedBehind ? new ValueTask(session.InLine) : default;
    }

    private async Task RunAfterAsync(Task before, Session session, Envelope request)
    {
        await before;
        await DispatchInOrderAsync(session, request);
    }

    private void AnswerPing(Session session, Envelope request)
    {
        var pong = Pong(request.Ping);
        pong.RequestId = request.RequestId;
        session.Send(pong);
    }

    /// <summary>
    /// Handles one request in the connection's order. Completes when the next may start: for a send, once its append
    /// is queued in the store (the answer follows its commit, in arrival order, from <see cref="SendPipeline"/>); for
    /// anything else, once it is answered, and it starts only after every earlier send of the connection was answered.
    /// </summary>
    private ValueTask DispatchInOrderAsync(Session session, Envelope request)
    {
        if (request.BodyCase == Body.SendMessage && request.RequestId != 0 && session.IsAuthenticated)
        {
            return TakeSendAsync(session, request);
        }

        var answered = session.WhenSendsAnsweredAsync();
        return answered.IsCompletedSuccessfully ? DispatchNowAsync(session, request) : DispatchAfterAsync(answered, session, request);
    }

    private async ValueTask DispatchAfterAsync(ValueTask answered, Session session, Envelope request)
    {
        await answered;
        await DispatchNowAsync(session, request);
    }

    private async ValueTask DispatchNowAsync(Session session, Envelope request)
    {
        uint requestId = request.RequestId;
        using var receive = request.BodyCase == Body.Ping ? null : RelinkTracing.StartReceive(); // pings would drown the traces
        receive?.SetTag("relink.request", request.BodyCase.ToString());
        try
        {
            if (!IsClientRequest(request.BodyCase))
            {
                throw new RequestException(ErrorCode.UnknownRequest, request.BodyCase == Body.None
                    ? "Empty or unknown request: this server does not know its type."
                    : $"'{request.BodyCase}' is not a request a client can send.");
            }

            if (requestId == 0)
            {
                // Id 0 marks pushes: an answer carrying it could not be told from one, so the request is refused
                // unhandled (acks included) instead of served with an answer nobody can match.
                throw RequestException.Invalid("request_id", "Every request needs a non-zero request_id; this one was not handled.");
            }

            if (!session.IsAuthenticated && !LoginGate.AllowsAnonymous(request.BodyCase))
            {
                throw new RequestException(ErrorCode.NotAuthenticated, "Log in first.");
            }

            Envelope? reply;
            if (request.BodyCase is Body.Login or Body.Resume && !session.IsAuthenticated)
            {
                // A session's entry reads and writes the store several times: a few at a time per node (a storm of
                // resumes after a node dies would otherwise take the whole pool from everyone else).
                using var turn = await TakeTurnAsync(session);
                reply = session.Connection.IsClosing ? null : await HandleAsync(session, request);
            }
            else
            {
                reply = await HandleAsync(session, request);
            }

            if (reply is not null)
            {
                reply.RequestId = requestId;
                session.Send(reply);
            }
        }
        catch (OperationCanceledException) when (session.Connection.IsClosing)
        {
            // Gone while it waited for its turn: nobody to answer.
        }
        catch (Exception e)
        {
            AnswerFailure(session, requestId, request.BodyCase, e, receive, request.SendMessage?.ClientMsgId);
        }
        finally
        {
            session.ReleasePushes(); // a login holds pushes until its answer is queued, just above
        }
    }

    private async ValueTask<SessionEntryAdmission.Turn> TakeTurnAsync(Session session)
    {
        try
        {
            return await admission.WaitTurnAsync(session.Connection);
        }
        catch (EntryRefusedException e)
        {
            metrics.Refused(RefusedLimit.LoginQueue);
            int retryAfterMs = (int)e.RetryAfter.TotalMilliseconds;
            LogEntryRefused(session, retryAfterMs);
            throw new RequestException(ErrorCode.Unavailable, e.Message) { RetryAfterMs = retryAfterMs };
        }
    }

    /// <summary>
    /// A logged-in client's send: checked and its append issued now, in arrival order, then handed to the
    /// connection's <see cref="SendPipeline"/>, which answers it after the commit. Completes once the append is
    /// queued (or, when the store does not keep the order of appends in flight, once the send is answered).
    /// </summary>
    private async ValueTask TakeSendAsync(Session session, Envelope request)
    {
        var pipeline = (SendPipeline?)session.Pending;
        if (pipeline is null)
        {
            session.Pending = pipeline = new SendPipeline(session, this);
        }

        await pipeline.WhenRoomAsync(); // only the receive loop adds, so the room is still there below
        var receive = RelinkTracing.StartReceive();
        receive?.SetTag("relink.request", nameof(Body.SendMessage));
        PendingSend send;
        try
        {
            send = new PendingSend(request.RequestId, await chat.IssueSendAsync(session, request.SendMessage), null, receive, request.SendMessage.ClientMsgId);
        }
        catch (Exception e)
        {
            send = new PendingSend(request.RequestId, default, e, receive, request.SendMessage.ClientMsgId);
        }

        pipeline.Add(send);
        if (!chat.SendsMayOverlap)
        {
            await pipeline.WhenAnsweredAsync();
        }
    }

    /// <summary>Answers a send taken by <see cref="TakeSendAsync"/>, in its turn: after its commit, or with why it failed. Never throws.</summary>
    internal void AnswerSend(Session session, in PendingSend send, AppendResult? result, Exception? failure)
    {
        // The drain runs outside the request's flow: make the request's trace current for the fan-out's steps.
        var outer = Activity.Current;
        if (send.Receive is not null)
        {
            Activity.Current = send.Receive;
        }

        try
        {
            if (failure is null)
            {
                var reply = chat.AnswerSend(session, send.Issued, result!);
                reply.RequestId = send.RequestId;
                session.Send(reply);
            }
            else if (send.Refusal is null)
            {
                send.Issued.EndStore(null);
            }
        }
        catch (Exception e)
        {
            failure = e;
        }

        try
        {
            if (failure is not null)
            {
                AnswerFailure(session, send.RequestId, Body.SendMessage, failure, send.Receive, send.ClientMsgId);
            }
        }
        finally
        {
            send.Receive?.Dispose();
            Activity.Current = outer;
        }
    }

    /// <summary>Answers a request that failed with the error its failure means; the connection closes after a fatal one.</summary>
    private void AnswerFailure(Session session, uint requestId, Body body, Exception failure, Activity? receive, string? clientMsgId = null)
    {
        switch (failure)
        {
            case RequestException e:
                receive?.SetStatus(ActivityStatusCode.Error, e.Code.ToString());
                session.SendError(requestId, e.Code, e.Message, e.Field, e.Fatal, e.RetryAfterMs);
                if (e.Code == ErrorCode.RateLimited && body == Body.SendMessage && clientMsgId is not null)
                {
                    session.RateRefusalAnswered(clientMsgId, time); // the hold on later sends counts from now
                }

                break;
            case StoreUnavailableException e:
                receive?.SetStatus(ActivityStatusCode.Error, nameof(ErrorCode.Unavailable));
                metrics.RequestFailed(storeUnavailable: true);
                LogStoreUnavailable(session, body, e);
                session.SendError(requestId, ErrorCode.Unavailable, "The server could not store this right now; nothing was applied. Try again.");
                break;
            default:
                receive?.SetStatus(ActivityStatusCode.Error, nameof(ErrorCode.Internal));
                metrics.RequestFailed(storeUnavailable: false);
                LogFailed(session, body, failure);
                session.SendError(requestId, ErrorCode.Internal, "The server failed to handle this request.");
                break;
        }
    }

    // Field numbers 10..59 of Envelope.body are the client's requests (see proto/relink.proto).
    private static bool IsClientRequest(Body body) => (int)body is >= 10 and < 60;

    private ValueTask<Envelope?> HandleAsync(Session session, Envelope request) => request.BodyCase switch
    {
        Body.Register => Wrap(chat.RegisterAsync(session, request.Register)),
        Body.Login => Wrap(chat.LoginAsync(session, request.Login)),
        Body.Resume => Wrap(chat.ResumeAsync(session, request.Resume)),
        Body.Logout => new(chat.LogoutAsync(session, request.RequestId)),
        Body.ChangePassword => Wrap(chat.ChangePasswordAsync(session, request.ChangePassword)),
        Body.Ping => new(Pong(request.Ping)),
        Body.SearchUsers => Wrap(chat.SearchUsersAsync(session, request.SearchUsers)),
        Body.AddFriend => Wrap(chat.AddFriendAsync(session, request.AddFriend)),
        Body.ListFriends => Wrap(chat.ListFriendsAsync(session)),
        Body.CreateGroup => Wrap(chat.CreateGroupAsync(session, request.CreateGroup)),
        Body.JoinGroup => Wrap(chat.JoinGroupAsync(session, request.JoinGroup)),
        Body.InviteToGroup => Wrap(chat.InviteToGroupAsync(session, request.InviteToGroup)),
        Body.LeaveGroup => Wrap(chat.LeaveGroupAsync(session, request.LeaveGroup)),
        Body.ListGroups => Wrap(chat.ListGroupsAsync(session)),
        Body.ListGroupMembers => Wrap(chat.ListGroupMembersAsync(session, request.ListGroupMembers)),
        Body.ListTalks => Wrap(chat.ListTalksAsync(session, request.ListTalks)),
        Body.OpenTalk => Wrap(chat.OpenTalkAsync(session, request.OpenTalk)),
        Body.DeleteTalk => Wrap(chat.DeleteTalkAsync(session, request.DeleteTalk)),
        Body.SendMessage => Wrap(chat.SendMessageAsync(session, request.SendMessage)),
        Body.History => Wrap(chat.HistoryAsync(session, request.History)),
        Body.MarkRead => Wrap(chat.MarkReadAsync(session, request.MarkRead)),
        Body.Ack => new(chat.AckAsync(session, request.Ack)),
        Body.Sync => Wrap(chat.SyncAsync(session, request.Sync)),
        Body.Typing => new(chat.TypingAsync(session, request.Typing)),
        Body.EditMessage => Wrap(chat.EditMessageAsync(session, request.EditMessage)),
        Body.RecallMessage => Wrap(chat.RecallMessageAsync(session, request.RecallMessage)),
        Body.ReadReceipts => Wrap(chat.ReadReceiptsAsync(session, request.ReadReceipts)),
        Body.ReadPositions => Wrap(chat.ReadPositionsAsync(session, request.ReadPositions)),
        Body.ListReaders => Wrap(chat.ListReadersAsync(session, request.ListReaders)),
        Body.RequestFriend => Wrap(chat.RequestFriendAsync(session, request.RequestFriend)),
        Body.ListFriendRequests => Wrap(chat.ListFriendRequestsAsync(session)),
        Body.AcceptFriend => Wrap(chat.AcceptFriendAsync(session, request.AcceptFriend)),
        Body.DeclineFriend => Wrap(chat.DeclineFriendAsync(session, request.DeclineFriend)),
        Body.CancelFriendRequest => Wrap(chat.CancelFriendRequestAsync(session, request.CancelFriendRequest)),
        Body.RemoveFriend => Wrap(chat.RemoveFriendAsync(session, request.RemoveFriend)),
        Body.BlockUser => Wrap(chat.BlockUserAsync(session, request.BlockUser)),
        Body.UnblockUser => Wrap(chat.UnblockUserAsync(session, request.UnblockUser)),
        Body.SetPresenceAudience => Wrap(chat.SetPresenceAudienceAsync(session, request.SetPresenceAudience)),
        Body.UpdateGroup => Wrap(chat.UpdateGroupAsync(session, request.UpdateGroup)),
        Body.SetGroupRole => Wrap(chat.SetGroupRoleAsync(session, request.SetGroupRole)),
        Body.RemoveGroupMember => Wrap(chat.RemoveGroupMemberAsync(session, request.RemoveGroupMember)),
        Body.CreateGroupInvite => Wrap(chat.CreateGroupInviteAsync(session, request.CreateGroupInvite)),
        Body.RevokeGroupInvite => Wrap(chat.RevokeGroupInviteAsync(session, request.RevokeGroupInvite)),
        Body.ListGroupInvites => Wrap(chat.ListGroupInvitesAsync(session, request.ListGroupInvites)),
        _ => throw new RequestException(ErrorCode.UnknownRequest, $"'{request.BodyCase}' is not handled by this server."),
    };

    private Envelope Pong(Ping ping)
    {
        metrics.Pings.Add(1);
        return LinkFrames.Pong(ping, time.GetUtcNow());
    }

    private static async ValueTask<Envelope?> Wrap(Task<Envelope> handler) => await handler;

    [LoggerMessage(EventId = 8101, Level = LogLevel.Debug, Message = "Refused the entry of {Session}: the login queue is full or its wait ran out; told to retry in {RetryAfterMs} ms")]
    private partial void LogEntryRefused(Session session, int retryAfterMs);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Store unavailable for {Request} from {Session}")]
    private partial void LogStoreUnavailable(Session session, Body request, Exception exception);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Error, Message = "Request {Request} from {Session} failed")]
    private partial void LogFailed(Session session, Body request, Exception exception);
}
