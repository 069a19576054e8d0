namespace Relink.Server.Sessions;

/// <summary>
/// The user the app hosting Relink signed in on the WebSocket upgrade request (its cookie, say). A connection that
/// carries one logs in as that user without credentials (<c>login {}</c>); see docs/protocol.md §6.
/// </summary>
/// <param name="UserId">The Relink user id (the host's user id claim): 1..32 of [A-Za-z0-9_.-].</param>
/// <param name="Nickname">The host's name for the user; the nickname of an account created on first sight.</param>
public sealed record HostIdentity(string UserId, string Nickname);
