using Relink.Client;

namespace Relink.Cli.Commands;

/// <summary>What <c>relink listen --events</c> prints besides messages: one JSON line per event, with an <c>event</c> field.</summary>
internal static class ListenChangeEvents
{
    /// <summary>
    /// Prints edits and recalls of others (and of this user's other devices) as <c>{"event":"edited"|"recalled",…}</c>.
    /// They come in seq order among themselves; a line's <c>seq</c> places it among the messages.
    /// </summary>
    public static void PrintTo(RelinkClient client, CliConsole console)
    {
        client.MessageEdited += (_, change) => console.Out(JsonLines.Changed(change));
        client.MessageRecalled += (_, change) => console.Out(JsonLines.Changed(change));
    }
}
