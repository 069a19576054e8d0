namespace Relink.Client;

/// <summary>
/// Why the server refused a request (<see cref="RelinkException.Code"/>): the protocol's error codes, with the same
/// names and numbers (docs/protocol.md lists what each means and whether to retry).
/// </summary>
public enum ErrorCode
{
    /// <summary>Not a refusal by the server: a failure on the client's side, or a code this SDK does not know.</summary>
    Unspecified = 0,

    /// <summary>Undecodable bytes or JSON; the server closes the connection.</summary>
    MalformedFrame = 1,

    /// <summary>A frame over the size limit; the server closes the connection.</summary>
    FrameTooLarge = 2,

    /// <summary>An empty or unknown request.</summary>
    UnknownRequest = 3,

    /// <summary>The request needs a login first.</summary>
    NotAuthenticated = 4,

    /// <summary>A second login or register on one connection.</summary>
    AlreadyAuthenticated = 5,

    /// <summary>Unknown user, wrong password or refused access token (deliberately indistinguishable).</summary>
    InvalidCredentials = 6,

    /// <summary>A field is missing, too long or malformed; <see cref="RelinkException.Field"/> names it.</summary>
    InvalidArgument = 7,

    /// <summary>The user id is taken.</summary>
    UserExists = 8,

    /// <summary>The user, group or talk does not exist.</summary>
    NotFound = 9,

    /// <summary>Not a friend, not a member, not yours.</summary>
    Forbidden = 10,

    /// <summary>Too many requests: back off, then retry.</summary>
    RateLimited = 11,

    /// <summary>The resume token is unknown, expired, spent or someone else's: log in with the password.</summary>
    ResumeRejected = 12,

    /// <summary>The server's store failed; the request was not applied: retry later.</summary>
    Unavailable = 13,

    /// <summary>Something failed inside the server.</summary>
    Internal = 14,

    /// <summary>Too many connections (from this address, or in all).</summary>
    TooManyConnections = 15,

    /// <summary>You block that user (a friend request to them): unblock them first.</summary>
    UserBlocked = 16,
    /// <summary>The invite code does not work for that group: unknown, revoked, expired or used up.</summary>
    InviteInvalid = 20,
}
