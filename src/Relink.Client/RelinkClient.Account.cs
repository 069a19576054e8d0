using Relink.Client.Model;
using Relink.Protocol.Messages;

namespace Relink.Client;

public sealed partial class RelinkClient
{
    /// <summary>Creates an account. Connects first if needed; does not log in.</summary>
    /// <param name="userId">1..32 of <c>[A-Za-z0-9_.-]</c>.</param>
    /// <param name="password">6..128 characters.</param>
    /// <param name="nickname">Shown to others; the user id when null.</param>
    /// <param name="head">An avatar id or URL.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The new user's profile.</returns>
    /// <exception cref="RelinkException">Refused: <see cref="ErrorCode.UserExists"/>, <see cref="ErrorCode.InvalidArgument"/>, …</exception>
    public async Task<UserProfile> RegisterAsync(string userId, string password, string? nickname = null, string? head = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentException.ThrowIfNullOrEmpty(password);
        await ConnectAsync(cancellationToken);
        var request = new Envelope
        {
            Register = new RegisterRequest { UserId = userId, Password = password, Nickname = nickname ?? "", Head = head ?? "" },
        };
        return await RequestAsync(request, Envelope.BodyOneofCase.RegisterOk, a => a.RegisterOk.Profile.ToModel(), cancellationToken);
    }

    /// <summary>
    /// Logs in (connecting first if needed) as this device (<see cref="RelinkClientOptions.DeviceId"/>). Once it
    /// returns, messages flow: first each conversation's backlog (what arrived while this device was away), then
    /// live messages, through <see cref="ReadMessagesAsync"/> and <see cref="MessageReceived"/>. From then on a lost
    /// link is reconnected and the session resumed by itself (see <see cref="RelinkClientOptions.ReconnectPolicy"/>).
    /// </summary>
    /// <returns>The profile, friends, groups and talk list.</returns>
    /// <exception cref="RelinkException">Refused; <see cref="ErrorCode.InvalidCredentials"/> for a wrong user or password.</exception>
    /// <exception cref="RelinkConnectionException">The server could not be reached, or the link dropped. (To keep trying
    /// until the server is up, use <see cref="StartAsync"/>.)</exception>
    /// <exception cref="InvalidOperationException">The client is reconnecting by itself.</exception>
    public async Task<SessionState> LoginAsync(string userId, string password, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentException.ThrowIfNullOrEmpty(password);
        return await _lifecycle.LoginAsync(new Credentials(userId, password), cancellationToken);
    }

    /// <summary>
    /// Logs in with an access token (a JWT the app's backend signed for the user) instead of a password, and then
    /// works as <see cref="LoginAsync(string, string, CancellationToken)"/> does: a lost link is resumed with the session's resume token, whatever the
    /// token's own expiry. Only when a resume is refused (say after a week offline) is a new login needed: set
    /// <see cref="RelinkClientOptions.CredentialsProvider"/> to fetch a fresh token then
    /// (<see cref="Credentials.FromAccessToken"/>), or the client stops with <see cref="StopReason.AuthRequired"/>.
    /// </summary>
    /// <param name="accessToken">The token, as the app's backend issued it.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The profile (the user the token names), friends, groups and talk list.</returns>
    /// <exception cref="RelinkException">Refused: <see cref="ErrorCode.InvalidCredentials"/> for any token the server does
    /// not accept (bad signature, expired, wrong issuer or audience, disabled user: deliberately indistinguishable),
    /// <see cref="ErrorCode.InvalidArgument"/> when the server takes no access tokens, <see cref="ErrorCode.RateLimited"/>.</exception>
    /// <exception cref="RelinkConnectionException">The server could not be reached, or the link dropped.</exception>
    /// <exception cref="InvalidOperationException">The client is reconnecting by itself.</exception>
    public async Task<SessionState> LoginWithAccessTokenAsync(string accessToken, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        return await _lifecycle.LoginAsync(Credentials.FromAccessToken(accessToken), cancellationToken);
    }

    /// <summary>
    /// Logs in with <see cref="RelinkClientOptions.CredentialsProvider"/>, and keeps trying, on the reconnect policy's
    /// schedule, while the server cannot be reached: a client (a service, say) started before its server connects
    /// once the server appears. The state shows the attempts (<see cref="ConnectionState.Reconnecting"/>), and
    /// messages sent meanwhile wait in the outbox. Returns at once when already connected.
    /// </summary>
    /// <returns>The session, once logged in.</returns>
    /// <exception cref="InvalidOperationException">No <see cref="RelinkClientOptions.CredentialsProvider"/> is set.</exception>
    /// <exception cref="RelinkStoppedException">The credentials were refused (<see cref="StopReason.AuthRequired"/>), the
    /// policy gave up or <see cref="StopReconnecting"/> was called (<see cref="StopReason.GaveUp"/>), or the client was disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired: the client stops trying
    /// (<see cref="StopReason.GaveUp"/>).</exception>
    public async Task<SessionState> StartAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        if (_options.CredentialsProvider is null)
        {
            throw new InvalidOperationException("StartAsync logs in with RelinkClientOptions.CredentialsProvider: set it, or call LoginAsync.");
        }

        return await _lifecycle.StartAsync(cancellationToken);
    }

    /// <summary>
    /// Logs out and closes the connection, after acknowledging what was delivered. The client stops
    /// (<see cref="StopReason.LoggedOut"/>): it does not reconnect, and messages still in the outbox fail.
    /// </summary>
    public async Task LogoutAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        await _lifecycle.LogoutAsync(cancellationToken);
    }

    /// <summary>
    /// Replaces the user's password. This session stays: the server revokes every resume token of the account, kicks
    /// the account's other sessions (<see cref="KickReason.PasswordChanged"/>), and gives this one a fresh token, which
    /// the client keeps (in memory, as every resume token) so a lost link is still resumed without a password.
    /// </summary>
    /// <param name="currentPassword">The password now.</param>
    /// <param name="newPassword">6..128 characters.</param>
    /// <param name="cancellationToken">Stops waiting (the change may still be made).</param>
    /// <remarks>A <see cref="RelinkClientOptions.CredentialsProvider"/> must give the new password from now on: it is
    /// asked when a resume is refused.</remarks>
    /// <exception cref="RelinkException">Refused: <see cref="ErrorCode.InvalidCredentials"/> when
    /// <paramref name="currentPassword"/> is wrong (nothing changed), <see cref="ErrorCode.InvalidArgument"/> for a new
    /// password out of bounds, <see cref="ErrorCode.RateLimited"/> after too many attempts.</exception>
    /// <exception cref="RelinkConnectionException">Not logged in, or the link dropped before the answer (then whether
    /// the password changed is unknown: log in with one or the other).</exception>
    public Task ChangePasswordAsync(string currentPassword, string newPassword, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(currentPassword);
        ArgumentException.ThrowIfNullOrEmpty(newPassword);
        var request = new Envelope { ChangePassword = new ChangePasswordRequest { OldPassword = currentPassword, NewPassword = newPassword } };

        // The token is taken on the receive loop, as the answer is read: a link lost right after it must resume with
        // the new token, as the server no longer takes the old one.
        return RequestAsync(request, Envelope.BodyOneofCase.ChangePasswordOk, _ => true, cancellationToken, (_, a) => _lifecycle.KeepResumeToken(a.ChangePasswordOk.ResumeToken));
    }
}
