using Relink.Client;

namespace Relink.Cli.Commands;

/// <summary>
/// <c>relink listen --events</c>: prints the live signals besides messages, one JSON line each with an <c>event</c>
/// field. Typing: a <c>typing</c> line when someone starts, a <c>paused</c> line when they stop, send their message,
/// or their signal expires.
/// </summary>
internal sealed class ListenEvents
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Peer, IReadOnlyList<TypingUser>> _typing = [];
    private readonly CliConsole _console;
    private readonly string _listener;

    private ListenEvents(CliConsole console, string listener)
    {
        _console = console;
        _listener = listener;
    }

    /// <summary>Starts printing <paramref name="client"/>'s events for <paramref name="listener"/> (the logged-in user).</summary>
    public static void PrintFrom(RelinkClient client, CliConsole console, string listener)
    {
        var events = new ListenEvents(console, listener);
        client.TypingChanged += (_, change) => events.OnTypingChanged(change);
    }

    // The SDK reports who is typing after each change; a script wants who started and who stopped.
    private void OnTypingChanged(TypingChange change)
    {
        lock (_gate)
        {
            var before = _typing.GetValueOrDefault(change.Conversation, []);
            foreach (var user in change.Typing.Where(u => !before.Any(b => b.UserId == u.UserId)))
            {
                _console.Out(JsonLines.Typing(user.UserId, change.Conversation, _listener, typing: true));
            }

            foreach (var user in before.Where(b => !change.Typing.Any(u => u.UserId == b.UserId)))
            {
                _console.Out(JsonLines.Typing(user.UserId, change.Conversation, _listener, typing: false));
            }

            if (change.Typing.Count == 0)
            {
                _typing.Remove(change.Conversation);
            }
            else
            {
                _typing[change.Conversation] = change.Typing;
            }
        }
    }
}
