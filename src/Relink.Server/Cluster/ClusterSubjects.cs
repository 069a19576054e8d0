using System.Text;

namespace Relink.Server.Cluster;

/// <summary>
/// The bus subjects: one per user (<c>relink.u.ID</c>) and per group (<c>relink.g.ID</c>), each subscribed by the
/// nodes holding a session of it, and one control subject every node subscribes (<c>relink.ctl</c>).
/// </summary>
public static class ClusterSubjects
{
    /// <summary>Every node: requests for a store catch-up, and changes of who may use what.</summary>
    public const string Control = "relink.ctl";

    /// <summary>The subject of a user's sessions.</summary>
    public static string User(string userId) => "relink.u." + Escape(userId);

    /// <summary>The subject of a group's sessions.</summary>
    public static string Group(string groupId) => "relink.g." + Escape(groupId);

    /// <summary>The subject of a user's or a group's sessions.</summary>
    public static string Of(string id, bool group) => group ? Group(id) : User(id);

    // A user id may hold dots (a NATS token separator, and ".." is no subject at all): everything but letters,
    // digits, '_' and '-' becomes ~XX, which no id contains, so two ids never share a subject.
    private static string Escape(string id)
    {
        bool plain = true;
        foreach (char c in id)
        {
            plain &= char.IsAsciiLetterOrDigit(c) || c is '_' or '-';
        }

        if (plain)
        {
            return id;
        }

        var escaped = new StringBuilder(id.Length + 8);
        foreach (byte b in Encoding.UTF8.GetBytes(id))
        {
            char c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '-')
            {
                escaped.Append(c);
            }
            else
            {
                escaped.Append('~').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return escaped.ToString();
    }
}
