using Relink.Client;

namespace Relink.Cli.Chat;

/// <summary>
/// The interactive chat on a plain console: shows the talk list, <c>/open</c>s a talk, sends typed lines to it,
/// and prints incoming messages live with sender and time, plus a status line on every connection change
/// ("reconnecting in 4 s (attempt 3): …"). Typing goes on while the link is down: lines wait in the outbox and are
/// printed once the server has them.
/// </summary>
internal sealed class ChatSession(RelinkClient client, CliConsole console, TimeZoneInfo zone)
{
    public const string Help =
        "Commands: /open USER  /open #GROUP  /talks  /reconnect  /stop  /help  /quit. Any other line is sent to the open talk.";

    // How long /quit waits for messages still on their way while connected.
    private static readonly TimeSpan QuitWait = TimeSpan.FromSeconds(10);

    private readonly List<Task> _sends = [];
    private Peer? _open;

    /// <summary>Runs until /quit or end of input (0), being kicked (5), or a session that needs a password again (2).</summary>
    public async Task<int> RunAsync(SessionState session, CancellationToken cancellationToken)
    {
        // Giving up is not the end here (a person can /reconnect); a kick, or a session that needs the password
        // again, is: told at once, even while waiting for the next typed line.
        using var stoppedForGood = new StopWatcher(console, cancellationToken, reason => reason is StopReason.Kicked or StopReason.AuthRequired);
        client.StateChanged += (_, change) => OnStateChanged(change.Current, stoppedForGood);
        client.Resumed += (_, resumed) => console.Error($"-- {ConnectionStatus.Describe(resumed)} --");
        console.Out($"Logged in as {session.Profile.Nickname} ({session.Profile.UserId}).");
        PrintTalks(session.Talks);
        console.Out(Help);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task incoming = ShowIncomingAsync(stop.Token);
        try
        {
            while (await console.ReadLineAsync(stoppedForGood.Token) is { } line)
            {
                if (!await HandleAsync(line.Trim(), cancellationToken))
                {
                    break;
                }
            }

            await SettleSendsAsync();
        }
        catch (OperationCanceledException) when (stoppedForGood.Stopped is not null)
        {
            return stoppedForGood.ExitCode;
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
            case ["/reconnect"]:
                console.Out(client.ReconnectNow() ? "Reconnecting now." : $"Nothing to reconnect: {ConnectionStatus.Describe(client.State, Now)}.");
                return true;
            case ["/stop"]:
                console.Out(client.StopReconnecting() ? "Stopped reconnecting. /reconnect to try again." : "Not reconnecting.");
                return true;
            case [string command, ..] when command.StartsWith('/'):
                console.Out($"Unknown command {command}. {Help}");
                return true;
            default:
                Send(line);
                return true;
        }
    }

    private DateTimeOffset Now => client.Options.TimeProvider.GetUtcNow();

    private void OnStateChanged(ConnectionState state, StopWatcher stoppedForGood)
    {
        if (stoppedForGood.Ends(state))
        {
            return;
        }

        if (state is not ConnectionState.Stopped { Reason: StopReason.Disposed })
        {
            console.Error($"-- {ConnectionStatus.Describe(state, Now)} --");
        }

        if (state is ConnectionState.Stopped { Reason: StopReason.GaveUp })
        {
            console.Error("-- /reconnect to try again, /quit to leave --");
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

    // Not awaited: the next line can be typed at once, even while the message waits in the outbox for the link.
    private void Send(string text)
    {
        if (_open is not { } peer)
        {
            console.Out("Open a talk first: /open USER or /open #GROUP.");
            return;
        }

        Task<ChatMessage> sending;
        try
        {
            sending = client.SendTextAsync(peer, text);
        }
        catch (RelinkException e)
        {
            console.Error("relink: " + e.Message);
            return;
        }

        if (client.State is not ConnectionState.Connected)
        {
            console.Out($"(queued until the connection is back: {text})");
        }

        lock (_sends)
        {
            _sends.Add(ShowWhenStoredAsync(sending, text));
        }
    }

    private async Task ShowWhenStoredAsync(Task<ChatMessage> sending, string text)
    {
        try
        {
            console.Out(ChatFormat.MessageLine(await sending, zone));
        }
        catch (RelinkException e)
        {
            console.Error($"relink: not sent: {text} ({e.Message})");
        }
    }

    /// <summary>At /quit: waits a little for messages on their way while connected; names the ones that will not make it.</summary>
    private async Task SettleSendsAsync()
    {
        Task[] sends;
        lock (_sends)
        {
            sends = [.. _sends];
        }

        if (client.State is ConnectionState.Connected)
        {
            try
            {
                await Task.WhenAll(sends).WaitAsync(QuitWait);
            }
            catch (TimeoutException)
            {
                // Named below.
            }
        }

        foreach (PendingMessage unsent in client.PendingMessages)
        {
            console.Error($"relink: not sent (the client closes now): {unsent.Text}");
        }
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
}
