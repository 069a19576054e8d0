using Relink.Client.Model;
using Relink.Protocol.Messages;

namespace Relink.Client;

public sealed partial class RelinkClient
{
    /// <summary>Raised when a friend request to or from this user appears or goes.</summary>
    public event EventHandler<FriendRequestChange>? FriendRequestChanged;

    /// <summary>Raised when a friendship ends (removed by either side, or a block: the same to the other side).</summary>
    public event EventHandler<UserProfile>? FriendRemoved;

    /// <summary>
    /// Asks <paramref name="userId"/> (any case) for friendship. Asking again while pending changes nothing; if they
    /// had asked this user first, the two are friends at once (<see cref="FriendRequestState.Friends"/>).
    /// </summary>
    /// <param name="userId">The user to ask.</param>
    /// <param name="note">An optional note, up to 200 characters.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="RelinkException">UserBlocked when this user blocks them; RateLimited after too many requests.</exception>
    public Task<FriendRequestResult> RequestFriendAsync(string userId, string? note = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var request = new Envelope { RequestFriend = new RequestFriendRequest { UserId = userId, Note = note ?? "" } };
        return RequestAsync(
            request,
            Envelope.BodyOneofCase.RequestFriendOk,
            a => new FriendRequestResult(
                a.RequestFriendOk.State == Protocol.Messages.FriendRequestState.Friends ? FriendRequestState.Friends : FriendRequestState.Pending,
                a.RequestFriendOk.User.ToModel()),
            cancellationToken,
            (_, a) =>
            {
                if (a.RequestFriendOk.State == Protocol.Messages.FriendRequestState.Friends)
                {
                    _view.FriendAdded(a.RequestFriendOk.User.ToModel());
                }
            });
    }

    /// <summary>The pending friend requests, both ways, and the users this user blocks.</summary>
    public Task<FriendRequests> GetFriendRequestsAsync(CancellationToken cancellationToken = default) =>
        RequestAsync(
            new Envelope { ListFriendRequests = new ListFriendRequestsRequest() },
            Envelope.BodyOneofCase.ListFriendRequestsOk,
            a => new FriendRequests([.. a.ListFriendRequestsOk.Requests.Select(r => r.ToModel())], a.ListFriendRequestsOk.Blocked.ToModel()),
            cancellationToken);

    /// <summary>Accepts the pending request from <paramref name="userId"/>; both sides get FriendAdded.</summary>
    /// <returns>The new friend.</returns>
    /// <exception cref="RelinkException">NotFound when there is no such request.</exception>
    public Task<UserProfile> AcceptFriendAsync(string userId, CancellationToken cancellationToken = default) =>
        RequestAsync(
            new Envelope { AcceptFriend = Named(userId) },
            Envelope.BodyOneofCase.AcceptFriendOk,
            a => a.AcceptFriendOk.Friend.ToModel(),
            cancellationToken,
            (_, a) => _view.FriendAdded(a.AcceptFriendOk.Friend.ToModel()));

    /// <summary>Declines the pending request from <paramref name="userId"/> (they are not told); false when there was none.</summary>
    public Task<bool> DeclineFriendAsync(string userId, CancellationToken cancellationToken = default) =>
        RequestAsync(new Envelope { DeclineFriend = Named(userId) }, Envelope.BodyOneofCase.DeclineFriendOk, a => a.DeclineFriendOk.Changed, cancellationToken);

    /// <summary>Takes back this user's pending request to <paramref name="userId"/>; false when there was none.</summary>
    public Task<bool> CancelFriendRequestAsync(string userId, CancellationToken cancellationToken = default) =>
        RequestAsync(new Envelope { CancelFriendRequest = Named(userId) }, Envelope.BodyOneofCase.CancelFriendRequestOk, a => a.CancelFriendRequestOk.Changed, cancellationToken);

    /// <summary>Ends the friendship with <paramref name="userId"/> (history stays); false when they were not friends.</summary>
    public Task<bool> RemoveFriendAsync(string userId, CancellationToken cancellationToken = default) =>
        RequestAsync(
            new Envelope { RemoveFriend = Named(userId) },
            Envelope.BodyOneofCase.RemoveFriendOk,
            a => a.RemoveFriendOk.Changed,
            cancellationToken,
            (_, a) => _view.FriendRemoved(a.RemoveFriendOk.User.UserId));

    /// <summary>
    /// Blocks <paramref name="userId"/>: a friendship ends, pending requests go, and their requests no longer reach
    /// this user. False when already blocked.
    /// </summary>
    public Task<bool> BlockUserAsync(string userId, CancellationToken cancellationToken = default) =>
        RequestAsync(
            new Envelope { BlockUser = Named(userId) },
            Envelope.BodyOneofCase.BlockUserOk,
            a => a.BlockUserOk.Changed,
            cancellationToken,
            (_, a) => _view.FriendRemoved(a.BlockUserOk.User.UserId));

    /// <summary>Lifts a block (they are not told); false when there was none.</summary>
    public Task<bool> UnblockUserAsync(string userId, CancellationToken cancellationToken = default) =>
        RequestAsync(new Envelope { UnblockUser = Named(userId) }, Envelope.BodyOneofCase.UnblockUserOk, a => a.UnblockUserOk.Changed, cancellationToken);

    private static AnswerFriendRequest Named(string userId)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return new AnswerFriendRequest { UserId = userId };
    }

    // The pushes of friend requests and removals; called from OnPush.
    private bool OnFriendPush(Envelope push)
    {
        switch (push.BodyCase)
        {
            case Envelope.BodyOneofCase.FriendRequest when push.FriendRequest.Request is { } request:
                var kind = push.FriendRequest.Change switch
                {
                    Protocol.Messages.FriendRequestChange.Cancelled => FriendRequestChangeKind.Cancelled,
                    Protocol.Messages.FriendRequestChange.Declined => FriendRequestChangeKind.Declined,
                    _ => FriendRequestChangeKind.Received,
                };
                Raise(nameof(FriendRequestChanged), FriendRequestChanged, new FriendRequestChange(request.ToModel(), kind));
                return true;
            case Envelope.BodyOneofCase.FriendRemoved when push.FriendRemoved.User is { } removed:
                UserProfile user = removed.ToModel();
                _view.FriendRemoved(user.UserId);
                Raise(nameof(FriendRemoved), FriendRemoved, user);
                return true;
            case Envelope.BodyOneofCase.BlockChanged:
                return true; // another device of this user; GetFriendRequestsAsync lists the blocks
            default:
                return false;
        }
    }
}
