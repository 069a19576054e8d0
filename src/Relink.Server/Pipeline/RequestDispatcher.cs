using Relink.Protocol.Messages;
using Relink.Server.Access;
using Relink.Server.Chat;
using Relink.Server.Diagnostics;
using Relink.Server.Sessions;
using Relink.Storage;
using Body = Relink.Protocol.Messages.Envelope.BodyOneofCase;

namespace Relink.Server.Pipeline;

/// <summary>
/// Routes each request to its handler and turns every outcome into exactly one answer with the request's id:
/// the response, or an Error with a stable code. Requests other than register, login, resume and ping need a
/// logged-in session (<see cref="LoginGate"/>). Pings are answered here; everything else goes to the chat service.
/// </summary>
public sealed partial class RequestDispatcher(ChatService chat, RelinkMetrics metrics, TimeProvider time, ILogger<RequestDispatcher> logger)
{
    /// <summary>Handles one request from <paramref name="session"/>; never throws.</summary>
    public async ValueTask DispatchAsync(Session session, Envelope request)
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

            var reply = await HandleAsync(session, request);
            if (reply is not null)
            {
                reply.RequestId = requestId;
                session.Send(reply);
            }
        }
        catch (RequestException e)
        {
            receive?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.Code.ToString());
            session.SendError(requestId, e.Code, e.Message, e.Field, e.Fatal);
        }
        catch (StoreUnavailableException e)
        {
            receive?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, nameof(ErrorCode.Unavailable));
            metrics.RequestFailed(storeUnavailable: true);
            LogStoreUnavailable(session, request.BodyCase, e);
            session.SendError(requestId, ErrorCode.Unavailable, "The server could not store this right now; nothing was applied. Try again.");
        }
        catch (Exception e)
        {
            receive?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, nameof(ErrorCode.Internal));
            metrics.RequestFailed(storeUnavailable: false);
            LogFailed(session, request.BodyCase, e);
            session.SendError(requestId, ErrorCode.Internal, "The server failed to handle this request.");
        }
        finally
        {
            session.ReleasePushes(); // a login holds pushes until its answer is queued, just above
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

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Store unavailable for {Request} from {Session}")]
    private partial void LogStoreUnavailable(Session session, Body request, Exception exception);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Error, Message = "Request {Request} from {Session} failed")]
    private partial void LogFailed(Session session, Body request, Exception exception);
}
