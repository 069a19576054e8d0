using Relink.Client;

namespace Relink.Cli.Commands;

/// <summary>
/// What <c>relink listen --events</c> prints of friends' presence: one <c>{"event":"presence",…}</c> line per change
/// the server pushes (a friend came online, went offline after the server's grace, or changed who may see it).
/// </summary>
internal static class ListenPresenceEvents
{
    /// <summary>Starts printing <paramref name="client"/>'s presence lines.</summary>
    public static void PrintTo(RelinkClient client, CliConsole console)
    {
        client.PresenceChanged += (_, presence) => console.Out(JsonLines.Presence(presence));
    }
}
