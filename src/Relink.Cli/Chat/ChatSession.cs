using Relink.Client;
using Relink.Protocol.Messages;

namespace Relink.Cli.Chat;

/// <summary>
/// The interactive chat on a plain console: shows the talk list, <c>/open</c>s a talk, sends typed lines to it,
/// and prints incoming messages live with sender and time, plus a status line on every connection change.
/// </summary>
internal sealed class ChatSession(RelinkClient client, CliConsole console, TimeZoneInfo zone)
{
    public const string Help =
        "Commands: /open USER  /open #GROUP  /talks  /help  /quit. Any other line is sent to the open talk.";

    private Peer? _open;

    /// <summary>Runs until /quit, end of input, or a lost connection (exit code 3).</summary>
    public async Task<int> RunAsync(SessionState session, CancellationToken cancellationToken)
    {
        client.StateChanged += (_, change) => console.Error(StatusLine(change.Current));
        console.Out($"Logged in as {session.Profile.Nickname} ({session.Profile.UserId}).");
        PrintTalks(session.Talks);
        console.Out(Help);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task incoming = ShowIncomingAsync(stop.Token);
        try
        {
            while (await console.In.ReadLineAsync(cancellationToken) is { } line)
            {
                if (!await HandleAsync(line.Trim(), cancellationToken))
                {
                    break;
                }

                if (client.State is ConnectionState.Disconnected)
                {
                    return ExitCodes.ServerUnreachable;
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await incoming;
        }

        return ExitCodes.Ok;
    }

    /// <summary>Handles one typed line; false to quit.</summary>
    internal async Task<bool> HandleAsync(string line, CancellationToken cancellationToken)
    {
        switch (line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            case []:
                return true;
            case ["/quit" or "/exit"]:
                return false;
            case ["/help"]:
                console.Out(Help);
                return true;
            case ["/talks"]:
                await Report(async () => PrintTalks(await client.GetTalksAsync(cancellationToken: cancellationToken)));
                return true;
            case ["/open", string target]:
                await Report(() => OpenAsync(target, cancellationToken));
                return true;
            case [string command, ..] when command.StartsWith('/'):
                console.Out($"Unknown command {command}. {Help}");
                return true;
            default:
                await Report(() => SendAsync(line, cancellationToken));
                return true;
        }
    }

    private async Task OpenAsync(string target, CancellationToken cancellationToken)
    {
        if (ChatFormat.ParsePeer(target) is not { } peer)
        {
            console.Out("Usage: /open USER or /open #GROUP");
            return;
        }

        Talk talk = await client.OpenTalkAsync(peer, cancellationToken);
        _open = peer;
        console.Out($"--- {talk.Name} ({ChatFormat.Label(peer)}) ---");
        HistoryPage history = await client.GetHistoryAsync(peer, limit: 10, cancellationToken: cancellationToken);
        foreach (ChatMessage message in history.Messages)
        {
            console.Out(ChatFormat.MessageLine(message, zone));
        }

        if (history.LastSeq > 0)
        {
            await client.MarkReadAsync(peer, history.LastSeq, cancellationToken);
        }
    }

    private async Task SendAsync(string text, CancellationToken cancellationToken)
    {
        if (_open is null)
        {
            console.Out("Open a talk first: /open USER or /open #GROUP.");
            return;
        }

        ChatMessage stored = await client.SendTextAsync(_open, text, cancellationToken);
        console.Out(ChatFormat.MessageLine(stored, zone));
    }

    private async Task ShowIncomingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (ChatMessage message in client.ReadMessagesAsync(cancellationToken))
            {
                bool here = _open is { } open && open.Equals(message.Peer);
                console.Out(here ? ChatFormat.MessageLine(message, zone) : $"(in {ChatFormat.Label(message.Peer)}) {ChatFormat.MessageLine(message, zone)}");
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private void PrintTalks(IReadOnlyList<Talk> talks)
    {
        if (talks.Count == 0)
        {
            console.Out("No talks yet: /open USER to start one.");
            return;
        }

        console.Out("Talks:");
        foreach (Talk talk in talks)
        {
            console.Out(ChatFormat.TalkLine(talk));
        }
    }

    // A refused request is shown and the chat goes on; the connection's fate is shown by the status line.
    private async Task Report(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (RelinkException e)
        {
            console.Error("relink: " + e.Message);
        }
    }

    private static string StatusLine(ConnectionState state) => state switch
    {
        ConnectionState.Disconnected { Reason: { } reason } => $"-- disconnected: {reason} --",
        _ => $"-- {state.Name} --",
    };
}
