using System.Collections;

namespace Relink.Server.Connections;

/// <summary>
/// The log scope of one connection: its id, transport and peer, and, read when an entry is written (so the one
/// scope object serves before and after login), its session, user and device. Never a token or a password.
/// </summary>
internal sealed class ConnectionLogScope(ClientConnection connection) : IReadOnlyList<KeyValuePair<string, object?>>
{
    private const int Fields = 6;

    public int Count => Fields;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("ConnectionId", connection.Id),
        1 => new("Transport", connection.Transport),
        2 => new("Remote", connection.RemoteAddress),
        3 => new("SessionId", connection.Session.SessionId),
        4 => new("UserId", connection.Session.User?.UserId ?? ""),
        5 => new("DeviceId", connection.Session.DeviceId),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (int i = 0; i < Fields; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>What the simple console shows for the scope.</summary>
    public override string ToString() => connection.Session.ToString();
}
