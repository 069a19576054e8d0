using Body = Relink.Protocol.Messages.Envelope.BodyOneofCase;

namespace Relink.Server.Access;

/// <summary>Which requests a connection may make before it has logged in: the ones that get it logged in, and ping.</summary>
public static class LoginGate
{
    /// <summary>Whether <paramref name="request"/> is allowed on a connection that has not logged in (yet).</summary>
    public static bool AllowsAnonymous(Body request) => request is Body.Register or Body.Login or Body.Resume or Body.Ping;
}
