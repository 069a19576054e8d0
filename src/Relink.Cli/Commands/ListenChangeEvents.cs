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

    /// <summary>
    /// Prints read receipts of others and this user's reads on other devices as <c>{"event":"read",…}</c>
    /// (<see cref="JsonLines.Read"/>), each naming the conversation by its canonical id like message lines do.
    /// </summary>
    public static void PrintReadsTo(RelinkClient client, CliConsole console, string listener)
    {
        client.MessageRead += (_, read) => console.Out(JsonLines.Read(
            read.UserId, CanonicalId(read.Conversation, listener), read.ReadSeq, read.Conversation.Kind == ConversationKind.Direct ? read.DeliveredSeq : null));
        client.ReadSynced += (_, sync) => console.Out(JsonLines.Read(listener, sync.ConversationId, sync.ReadSeq, unread: sync.Unread));
    }

    // The server's conversation ids: "d:<a>:<b>" with the two users in ordinal order, "g:<group>".
    private static string CanonicalId(Peer conversation, string me) =>
        conversation.Kind == ConversationKind.Group ? "g:" + conversation.Id
        : string.CompareOrdinal(me, conversation.Id) <= 0 ? $"d:{me}:{conversation.Id}" : $"d:{conversation.Id}:{me}";
}
