using System.CommandLine;
using Relink.Client;
using Relink.Protocol.Messages;

namespace Relink.Cli.Commands;

/// <summary>
/// <c>relink send</c>: sends TEXT, or each line of stdin in order, to a friend or group; prints one JSON line per
/// message the server acknowledged, and exits 0 only when every one was.
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
            IAsyncEnumerable<string> messages = words.Length > 0 ? One(string.Join(' ', words)) : Lines(console.In, cancellationToken);
            return CommandRunner.WithLoginAsync(
                console,
                connection.Read(result, "send"),
                receiveMessages: false,
                (client, _) => SendAllAsync(client, console, peer, messages, cancellationToken),
                cancellationToken);
        });
        return command;
    }

    /// <summary>Sends each message in turn, waiting for its acknowledgement before the next, so order holds.</summary>
    internal static async Task<int> SendAllAsync(RelinkClient client, CliConsole console, Peer peer, IAsyncEnumerable<string> messages, CancellationToken cancellationToken)
    {
        await foreach (string message in messages.WithCancellation(cancellationToken))
        {
            if (string.IsNullOrWhiteSpace(message))
            {
                continue;
            }

            ChatMessage stored = await client.SendTextAsync(peer, message, cancellationToken);
            console.Out(JsonLines.Sent(stored));
        }

        return ExitCodes.Ok;
    }

    private static async IAsyncEnumerable<string> One(string message)
    {
        await Task.CompletedTask;
        yield return message;
    }

    private static async IAsyncEnumerable<string> Lines(TextReader input, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await input.ReadLineAsync(cancellationToken) is { } line)
        {
            yield return line;
        }
    }
}
