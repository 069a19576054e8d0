using System.CommandLine;
using Relink.Client;

namespace Relink.Cli.Commands;

/// <summary>
/// <c>relink send</c>: sends TEXT, or each line of stdin in order, to a friend or group; prints one JSON line per
/// message the server acknowledged, and exits 0 only when every one was. A dropped link is reconnected and the
/// messages not yet acknowledged are sent again (stored once), so a drop costs time, not messages.
/// </summary>
internal static class SendCommand
{
    public static Command Create(CliConsole console)
    {
        var connection = new ConnectionOptions();
        var to = new Option<string?>("--to") { Description = "The friend to send to.", HelpName = "USER" };
        var group = new Option<string?>("--group", "-g") { Description = "The group to send to.", HelpName = "GROUP" };
        var text = new Argument<string[]>("TEXT")
        {
            Description = "The message. Without it, each non-blank line of standard input is one message, sent in order.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("send", "Send a message (or one per stdin line); prints each acknowledged message as JSON.");
        connection.AddTo(command);
        command.Add(to);
        command.Add(group);
        command.Add(text);
        command.Validators.Add(result =>
        {
            bool hasTo = result.GetResult(to) is not null;
            bool hasGroup = result.GetResult(group) is not null;
            if (hasTo == hasGroup)
            {
                result.AddError("Say where to send: exactly one of --to USER or --group GROUP.");
            }
        });
        command.SetAction((result, cancellationToken) =>
        {
            Peer peer = result.GetValue(to) is { } user ? Peers.User(user) : Peers.Group(result.GetRequiredValue(group)!);
            string[] words = result.GetValue(text) ?? [];
            IAsyncEnumerable<string> messages = words.Length > 0 ? One(string.Join(' ', words)) : Lines(console, cancellationToken);
            return CommandRunner.WithLoginAsync(
                console,
                connection.Read(result, "send"),
                receiveMessages: false,
                (client, _) => SendAllAsync(client, console, peer, messages, cancellationToken),
                cancellationToken,
                keepState: true);
        });
        return command;
    }

    /// <summary>
    /// Queues each message in the client's outbox as it is read (so lines typed or piped while the link is down are
    /// kept, in order) and prints each acknowledgement in order. Returns 0 once every message is acknowledged; the first
    /// failure (refused, kicked, gave up) ends the command with its exit code, a stop for good at once, even while
    /// waiting for the next line of stdin.
    /// </summary>
    internal static async Task<int> SendAllAsync(RelinkClient client, CliConsole console, Peer peer, IAsyncEnumerable<string> messages, CancellationToken cancellationToken)
    {
        // Read ahead at most half the outbox, so a long pipe never overflows it.
        int window = Math.Max(1, client.Options.OutboxCapacity / 2);
        if (client.PendingMessages.Count is > 0 and int leftOver)
        {
            console.Error($"relink: {leftOver} messages left unacknowledged by an earlier run go first");
        }

        var sending = new Queue<Task<ChatMessage>>();
        using var stop = new StopWatcher(console, cancellationToken);
        // Logged in by now: what follows is a drop and its recovery, worth a line on stderr.
        client.StateChanged += (_, change) =>
        {
            if (!stop.Ends(change.Current) && change.Current is not ConnectionState.Stopped { Reason: StopReason.Disposed })
            {
                console.Error("relink: " + ConnectionStatus.Describe(change.Current, client.Options.TimeProvider.GetUtcNow()));
            }
        };

        try
        {
            await foreach (string message in messages.WithCancellation(stop.Token))
            {
                if (string.IsNullOrWhiteSpace(message))
                {
                    continue;
                }

                sending.Enqueue(client.SendTextAsync(peer, message, cancellationToken));
                while (sending.Count >= window)
                {
                    console.Out(JsonLines.Sent(await sending.Dequeue()));
                }
            }

            while (sending.TryDequeue(out var next))
            {
                console.Out(JsonLines.Sent(await next));
            }
        }
        catch (OperationCanceledException) when (stop.Stopped is not null)
        {
            // Stopped for good while waiting for the next line of stdin: told already.
        }
        catch (RelinkStoppedException e) when (stop.Ends(e.Stopped))
        {
            // Stopped for good with messages on their way: told already (or now, once).
        }

        return stop.ExitCode;
    }

    private static async IAsyncEnumerable<string> One(string message)
    {
        await Task.CompletedTask;
        yield return message;
    }

    private static async IAsyncEnumerable<string> Lines(CliConsole console, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await console.ReadLineAsync(cancellationToken) is { } line)
        {
            yield return line;
        }
    }
}
