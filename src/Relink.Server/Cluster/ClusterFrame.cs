using System.Buffers.Binary;
using System.Text;

namespace Relink.Server.Cluster;

/// <summary>What one node tells the others.</summary>
public enum ClusterFrameKind : byte
{
    /// <summary>A push for a user's sessions (A: user id; body: the envelope).</summary>
    UserPush = 1,

    /// <summary>A push for a group's sessions (A: group id; B: a user whose sessions skip it, or empty; body: the envelope).</summary>
    GroupPush = 2,

    /// <summary>A user joined a group (A: user id; B: group id).</summary>
    Joined = 3,

    /// <summary>A user left a group (A: user id; B: group id).</summary>
    Left = 4,

    /// <summary>A user logged in (A: user id; B: device id; C: session id, ordered by time).</summary>
    LoggedIn = 5,

    /// <summary>A user was signed out everywhere (A: user id; body: the Kicked envelope).</summary>
    SignedOut = 6,

    /// <summary>A node's link to the bus came back: every node catches its sessions up from the store.</summary>
    CatchUp = 7,

    /// <summary>The friendships of two users changed: every node forgets what it knew of their direct conversations (A, B: user ids).</summary>
    FriendshipChanged = 8,

    /// <summary>A group's members changed: every node forgets what it knew of who belongs to it (A: group id).</summary>
    MembershipChanged = 9,

    /// <summary>
    /// A node took over a dead node's session of a user, who was last heard then (A: user id; B: that moment in unix
    /// milliseconds): every node with an OFFLINE of the user pending moves it to that later moment.
    /// </summary>
    HeardOnDeadNode = 10,
}

/// <summary>
/// One bus payload: a kind, up to three short strings, then the protobuf envelope bytes if any. Hand-written (one
/// byte and three length-prefixed strings) because the relay must not allocate more than the payload itself.
/// </summary>
public readonly record struct ClusterFrame(ClusterFrameKind Kind, string A, string B, string C, ReadOnlyMemory<byte> Body)
{
    /// <summary>Serialises the frame.</summary>
    public byte[] ToBytes()
    {
        int a = Encoding.UTF8.GetByteCount(A), b = Encoding.UTF8.GetByteCount(B), c = Encoding.UTF8.GetByteCount(C);
        var bytes = new byte[1 + 6 + a + b + c + Body.Length];
        bytes[0] = (byte)Kind;
        int at = 1;
        foreach (var (text, length) in new[] { (A, a), (B, b), (C, c) })
        {
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(at), checked((ushort)length));
            Encoding.UTF8.GetBytes(text, bytes.AsSpan(at + 2));
            at += 2 + length;
        }

        Body.Span.CopyTo(bytes.AsSpan(at));
        return bytes;
    }

    /// <summary>Reads a frame; null for bytes that are not one (a newer node's kind, or damage).</summary>
    public static ClusterFrame? Parse(byte[] bytes)
    {
        if (bytes.Length < 7 || !Enum.IsDefined((ClusterFrameKind)bytes[0]))
        {
            return null;
        }

        int at = 1;
        var texts = new string[3];
        for (int i = 0; i < 3; i++)
        {
            int length = at + 2 <= bytes.Length ? BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(at)) : int.MaxValue / 2;
            if (at + 2 + length > bytes.Length)
            {
                return null;
            }

            texts[i] = Encoding.UTF8.GetString(bytes, at + 2, length);
            at += 2 + length;
        }

        return new ClusterFrame((ClusterFrameKind)bytes[0], texts[0], texts[1], texts[2], bytes.AsMemory(at));
    }
}
