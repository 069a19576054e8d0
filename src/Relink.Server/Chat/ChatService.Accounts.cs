using Relink.Protocol.Messages;
using Relink.Server.Diagnostics;
using Relink.Server.Sessions;
using Relink.Storage;

namespace Relink.Server.Chat;

public sealed partial class ChatService
{
    private const string DefaultDeviceId = "default";
    private const int MaxDeviceIdLength = 64;

    /// <summary>Creates an account. Does not log in: the client logs in next, as with any account.</summary>
    public async Task<Envelope> RegisterAsync(Session session, RegisterRequest request)
    {
        EnsureAnonymous(session);
        EnsureNotHostSignedIn(session);
        string userId = Validate.UserId(request.UserId, "user_id");
        string nickname = Validate.Text(request.Nickname.Length == 0 ? userId : request.Nickname.Trim(), "nickname", 1, Validate.MaxNicknameLength);
        string password = Validate.Text(request.Password, "password", Validate.MinPasswordLength, Validate.MaxPasswordLength);
        string head = Validate.OptionalText(request.Head, "head", Validate.MaxHeadLength);

        var user = new NewUser(userId, nickname, head, passwords.Hash(password), Now);
        if (!await store.CreateUserAsync(user))
        {
            throw new RequestException(ErrorCode.UserExists, $"The user id '{userId}' is taken.", "user_id");
        }

        LogRegistered(userId);
        return new Envelope { RegisterOk = new RegisterResponse { Profile = new UserProfile { UserId = userId, Nickname = nickname, Head = head } } };
    }

    /// <summary>Checks the password and binds the session to the user; answers with everything a client draws.</summary>
    public async Task<Envelope> LoginAsync(Session session, LoginRequest request)
    {
        EnsureAnonymous(session);
        if (session.HostIdentity is { } host)
        {
            return await LoginAsHostUserAsync(session, host, request);
        }

        string deviceId = DeviceId(request.DeviceId);
        if (request.AccessToken.Length > 0)
        {
            return await LoginWithAccessTokenAsync(session, request, deviceId);
        }

        ThrottleLogin(session, Ids.Normalize(request.UserId)); // one account, whatever case the id is typed in

        var credentials = await FindCredentialsAsync(request.UserId);
        if (credentials is null)
        {
            passwords.VerifyNothing(request.Password);
            throw RefusedLogin();
        }

        (bool ok, bool rehash) = passwords.Verify(credentials.PasswordHash, request.Password);
        if (!ok || credentials.Disabled)
        {
            throw RefusedLogin();
        }

        if (rehash)
        {
            await store.UpdatePasswordHashAsync(credentials.User.UserId, passwords.Hash(request.Password));
        }

        return await CompleteLoginAsync(session, credentials.User, deviceId, request);
    }

    /// <summary>A new resume token for the device, then the session: the end of every kind of login.</summary>
    private async Task<Envelope> CompleteLoginAsync(Session session, UserRecord user, string deviceId, LoginRequest request)
    {
        string token = await resumeTokens.IssueAsync(user.UserId, deviceId);
        var state = await EnterSessionAsync(session, user, deviceId, request.LatestPerTalk, token, request.OneShot);
        metrics.Login(AuthOutcome.Ok);
        return new Envelope { LoginOk = state };
    }

    /// <summary>
    /// Business-level reconnect: a resume token from an earlier login (used once, then replaced) instead of the
    /// password. The answer is the whole state, as after a login.
    /// </summary>
    public async Task<Envelope> ResumeAsync(Session session, ResumeRequest request)
    {
        EnsureAnonymous(session);
        string deviceId = DeviceId(request.DeviceId);

        // Not throttled: a 256-bit token cannot be guessed, and a client on a flaky link may rightly resume often.
        var user = IsForeignToHost(session, request.UserId) ? null : await FindCredentialsAsync(request.UserId);
        var redeemed = user is null || user.Disabled ? null : await resumeTokens.RedeemAsync(user.User.UserId, deviceId, request.ResumeToken);
        if (user is null || redeemed is not { } token)
        {
            metrics.Resume(AuthOutcome.Rejected);
            throw new RequestException(ErrorCode.ResumeRejected, "The resume token is unknown, expired or already used; log in again.");
        }

        if (token.ThroughGrace)
        {
            metrics.GraceResumes.Add(1);
            LogResumedThroughGrace(user.User.UserId, deviceId, session.Connection.AddressKey);
        }

        var state = await EnterSessionAsync(session, user.User, deviceId, request.LatestPerTalk, token.Token, request.OneShot);
        metrics.Resume(AuthOutcome.Ok);
        return new Envelope { ResumeOk = new ResumeResponse { State = state } };
    }

    /// <summary>
    /// Replaces the password after checking the old one (throttled like a login). Every resume token of the account
    /// is revoked and the account's other sessions are kicked; this session gets a fresh token.
    /// </summary>
    public async Task<Envelope> ChangePasswordAsync(Session session, ChangePasswordRequest request)
    {
        string userId = session.UserId;
        Throttle(session, userId);
        string newPassword = Validate.Text(request.NewPassword, "new_password", Validate.MinPasswordLength, Validate.MaxPasswordLength);
        var credentials = await FindCredentialsAsync(userId) ?? throw InvalidCredentials();
        if (!passwords.Verify(credentials.PasswordHash, request.OldPassword).Ok)
        {
            throw InvalidCredentials();
        }

        await store.UpdatePasswordHashAsync(userId, passwords.Hash(newPassword));
        await SignOutEverywhereAsync(userId, KickReason.PasswordChanged, "The password was changed; log in again.", except: session);
        string token = await resumeTokens.IssueAsync(userId, session.DeviceId);
        return new Envelope { ChangePasswordOk = new ChangePasswordResponse { ResumeToken = token } };
    }

    /// <summary>
    /// Signs the user out on every device: every resume token stops working and every session but
    /// <paramref name="except"/> is kicked with <paramref name="reason"/> (clients do not reconnect after a kick).
    /// Used by a password change, an operator's "log out everywhere" and disabling an account.
    /// </summary>
    /// <returns>
    /// How many sessions were kicked: this node's, and in a cluster those the session directory lists on other live
    /// nodes (each node kicks its own when the sign-out reaches it over the bus).
    /// </returns>
    public async Task<int> SignOutEverywhereAsync(string userId, KickReason reason, string message, Session? except = null)
    {
        await resumeTokens.RevokeAllAsync(userId);
        int elsewhere = sessions.Relay is not null && store is IClusterDirectory directory
            ? (await directory.ListLiveSessionsAsync([userId], Now)).Count(s => s.NodeId != options.EffectiveNodeId)
            : 0;
        var kicked = new Envelope { Kicked = new Kicked { Reason = reason, Message = message } };
        sessions.AnnounceSignOut(userId, kicked);
        return KickHere(userId, kicked, except) + elsewhere;
    }

    /// <summary>Ends the session: this device's resume token stops working and the connection closes.</summary>
    public async Task<Envelope?> LogoutAsync(Session session, uint requestId)
    {
        await resumeTokens.RevokeDeviceAsync(session.UserId, session.DeviceId);
        presence.LoggedOut(session);
        sessions.Unbind(session);
        session.Send(new Envelope { RequestId = requestId, LogoutOk = new LogoutResponse() });
        session.Connection.Close(CloseReason.ClientClosed);
        return null;
    }

    private async Task<LoginResponse> EnterSessionAsync(Session session, UserRecord user, string deviceId, int latestPerTalk, string resumeToken, bool oneShot)
    {
        // A one-shot errand (a command-line tool's `friends list` beside the user's chat) takes nothing over: it is
        // not where the account lives, and a later login still takes it over like any session.
        if (!oneShot)
        {
            await DisplaceEarlierSessionsAsync(user.UserId, deviceId);
        }

        // Version 7: ordered by time, so nodes agree which of two racing logins is the later (ChatService.Cluster.cs).
        session.Authenticate(user, deviceId, Guid.CreateVersion7(Now), oneShot);
        if (!oneShot)
        {
            sessions.AnnounceLogin(session);
        }

        session.HoldPushes();
        try
        {
            // Bind before reading the state, so a message stored in between is either in the state or pushed: the
            // groups (whose subjects Bind subscribes) before it, everything else after it, in one store call
            // (PostgreSQL: one round trip). In a cluster, another node's push reaches this one only once the bus
            // routes the user's and groups' subjects here: the state is read after that.
            long reading = time.GetTimestamp();
            var groups = await store.ListGroupsOfUserAsync(user.UserId);
            sessions.Bind(session, groups.Select(g => g.GroupId));
            await sessions.ReachableEverywhereAsync();
            await WriteHeldCursorsAsync(user.UserId, deviceId);
            var loaded = await store.LoadSessionStateAsync(user.UserId, deviceId, LatestPerTalk(latestPerTalk));
            session.ReadReceiptsOff = !loaded.ReadReceipts;
            metrics.StoreTime(StoreOperation.LoadSessionState, time, reading);

            var state = new LoginResponse
            {
                Profile = ProtoMapping.Profile(user),
                Heartbeat = new HeartbeatSettings
                {
                    IntervalMs = (int)options.HeartbeatInterval.TotalMilliseconds,
                    TimeoutMs = (int)options.HeartbeatTimeout.TotalMilliseconds,
                },
                ResumeToken = resumeToken,
                ServerTime = ProtoMapping.Time(Now),
                SessionId = session.SessionId,
            };
            state.Friends.AddRange(loaded.Friends.Select(ProtoMapping.Profile));
            AddPresence(state, session, loaded.Friends, loaded.PresenceAudiences);
            state.Groups.AddRange(groups.Select(ProtoMapping.Group));
            state.Talks.AddRange(TalksWithinBudget(loaded.Talks, user.UserId, options.LoginMessageBudgetBytes));
            AddContactState(user.UserId, loaded.FriendRequests, loaded.Blocked, state.FriendRequests, state.Blocked);
            admission.Authenticated(session.Connection.AddressKey);
            LogLoggedIn(session);
            return state;
        }
        catch
        {
            sessions.Unbind(session);
            session.Deauthenticate();
            throw;
        }
    }

    /// <summary>
    /// The same device coming back usually means its old link is dead but not yet noticed (half-open): the old
    /// connection is told why and closed; if it is alive after all (another process with the same device id), the
    /// kick keeps it from coming back and replacing this one in turn. Another device takes the account over unless
    /// multi-device is on: the earlier session is told why, so it does not reconnect, and its resume token is
    /// revoked, so it cannot fight back without the password. For a login on another node, only sessions that
    /// began before it (<paramref name="startedBefore"/>, a session id) are displaced.
    /// </summary>
    private async Task DisplaceEarlierSessionsAsync(string userId, string deviceId, string? startedBefore = null)
    {
        foreach (var earlier in sessions.SessionsOf(userId))
        {
            if (startedBefore is not null && string.CompareOrdinal(earlier.SessionId, startedBefore) >= 0)
            {
                continue; // a login elsewhere that is older than this session displaces nothing here
            }

            if (earlier.DeviceId == deviceId)
            {
                metrics.Kick(KickReason.ReplacedBySameDevice);
                sessions.Unbind(earlier);
                earlier.Send(new Envelope
                {
                    Kicked = new Kicked { Reason = KickReason.ReplacedBySameDevice, DeviceId = deviceId, Message = "Replaced by a newer connection of this device." },
                });
                earlier.Connection.Close(CloseReason.Replaced);
            }
            else if (!options.MultiDevice)
            {
                metrics.Kick(KickReason.LoggedInElsewhere);
                sessions.Unbind(earlier);
                await resumeTokens.RevokeDeviceAsync(userId, earlier.DeviceId);
                earlier.Send(new Envelope
                {
                    Kicked = new Kicked { Reason = KickReason.LoggedInElsewhere, DeviceId = deviceId, Message = $"Signed in on another device ({deviceId})." },
                });
                earlier.Connection.Close(CloseReason.Kicked);
                LogKicked(earlier, deviceId);
            }
        }
    }

    /// <summary>Refuses an attempt over the per-account or per-address budget, before any password is checked.</summary>
    private void Throttle(Session session, string userId)
    {
        if (!loginThrottle.TryAttempt(userId, session.Connection.AddressKey))
        {
            metrics.Refused(RefusedLimit.LoginThrottle);
            throw new RequestException(ErrorCode.RateLimited, "Too many login attempts; wait a minute and try again.");
        }
    }

    /// <summary>The account's credentials, or null for an unknown or invalid user id; the read is timed.</summary>
    private async Task<UserCredentials?> FindCredentialsAsync(string userId)
    {
        if (!Ids.IsValidUserId(userId))
        {
            return null;
        }

        long reading = time.GetTimestamp();
        var credentials = await store.FindCredentialsAsync(userId);
        metrics.StoreTime(StoreOperation.FindCredentials, time, reading);
        return credentials;
    }

    /// <summary>Takes one login attempt from the throttle; a refusal is counted as a throttled login.</summary>
    private void ThrottleLogin(Session session, string userId)
    {
        try
        {
            Throttle(session, userId);
        }
        catch (RequestException)
        {
            metrics.Login(AuthOutcome.Throttled);
            throw;
        }
    }

    private RequestException RefusedLogin()
    {
        metrics.Login(AuthOutcome.InvalidCredentials);
        return InvalidCredentials();
    }

    private static void EnsureAnonymous(Session session)
    {
        if (session.IsAuthenticated)
        {
            throw new RequestException(ErrorCode.AlreadyAuthenticated, "This connection is already logged in.");
        }
    }

    private static string DeviceId(string deviceId)
    {
        if (deviceId.Length == 0)
        {
            return DefaultDeviceId;
        }

        return deviceId.Length <= MaxDeviceIdLength && deviceId.All(c => c > ' ' && c < 127)
            ? deviceId
            : throw RequestException.Invalid("device_id", $"device_id must be 1..{MaxDeviceIdLength} printable ASCII characters.");
    }

    private static RequestException InvalidCredentials() =>
        new(ErrorCode.InvalidCredentials, "Unknown user or wrong password.");

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Registered {UserId}")]
    private partial void LogRegistered(string userId);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Kicked {Session}: signed in on device {Device}")]
    private partial void LogKicked(Session session, string device);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Resumed {UserId} on device {Device} from {Address} with the token its last resume replaced (rotation grace): a lost answer, or a copied token")]
    private partial void LogResumedThroughGrace(string userId, string device, string address);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Logged in: {Session}")]
    private partial void LogLoggedIn(Session session);
}
