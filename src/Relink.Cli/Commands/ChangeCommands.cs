using System.CommandLine;
using Relink.Client;

namespace Relink.Cli.Commands;

/// <summary>
/// <c>relink edit --to USER|--group G SEQ TEXT</c> and <c>relink recall --to USER|--group G SEQ</c>: change a message
/// this user sent, within the server's windows; print the stored event as one JSON line (<see cref="JsonLines.Changed"/>).
/// A refusal (not yours, too late, recalled) exits 4 with the server's reason and error code on stderr.
/// </summary>
internal static class ChangeCommands
{
    public static Command Edit(CliConsole console)
    {
        var (to, group) = PeerOptions();
        var seq = SeqArgument("The seq of the text message to edit (one you sent).");
        var text = new Argument<string[]>("TEXT") { Description = "The new text.", Arity = ArgumentArity.OneOrMore };
        var command = LoggedInCommand.Create(
            console,
            "edit",
            "Edit a text message you sent (within the server's edit window, 24 h by default); prints the edit event as JSON.",
            "edit",
            async (result, client, cancellationToken) =>
            {
                var change = await client.EditAsync(PeerOf(result, to, group), result.GetValue(seq), string.Join(' ', result.GetValue(text) ?? []), cancellationToken: cancellationToken);
                console.Out(JsonLines.Changed(change));
            },
            to,
            group,
            seq,
            text);
        RequireOnePeer(command, to, group);
        return command;
    }

    public static Command Recall(CliConsole console)
    {
        var (to, group) = PeerOptions();
        var seq = SeqArgument("The seq of the message to recall (one you sent).");
        var command = LoggedInCommand.Create(
            console,
            "recall",
            "Recall a message you sent (within the server's recall window, 2 minutes by default); prints the recall event as JSON.",
            "recall",
            async (result, client, cancellationToken) =>
                console.Out(JsonLines.Changed(await client.RecallAsync(PeerOf(result, to, group), result.GetValue(seq), cancellationToken))),
            to,
            group,
            seq);
        RequireOnePeer(command, to, group);
        return command;
    }

    private static (Option<string?> To, Option<string?> Group) PeerOptions() => (
        new Option<string?>("--to") { Description = "The friend of the conversation.", HelpName = "USER" },
        new Option<string?>("--group", "-g") { Description = "The group of the conversation.", HelpName = "GROUP" });

    private static Argument<long> SeqArgument(string description) => new("SEQ") { Description = description };

    private static Peer PeerOf(ParseResult result, Option<string?> to, Option<string?> group) =>
        result.GetValue(to) is { } user ? Peers.User(user) : Peers.Group(result.GetRequiredValue(group)!);

    private static void RequireOnePeer(Command command, Option<string?> to, Option<string?> group) =>
        command.Validators.Add(result =>
        {
            if ((result.GetResult(to) is not null) == (result.GetResult(group) is not null))
            {
                result.AddError("Say which conversation: exactly one of --to USER or --group GROUP.");
            }

            if (result.GetResult(command.Arguments[0]) is { } seq && seq.GetValueOrDefault<long>() < 1)
            {
                result.AddError("SEQ is a message's number in the conversation: 1 or more.");
            }
        });
}
