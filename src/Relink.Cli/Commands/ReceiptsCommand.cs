using System.CommandLine;

namespace Relink.Cli.Commands;

/// <summary>
/// <c>relink receipts [on|off]</c>: turns this user's read receipts on or off (on all their devices), or with no
/// argument shows the setting; prints <c>{"readReceipts":true|false}</c>. Off, nobody sees how far this user read,
/// and <c>listen --events</c> prints nobody else's reads either.
/// </summary>
internal static class ReceiptsCommand
{
    public static Command Create(CliConsole console)
    {
        var state = new Argument<string?>("on|off")
        {
            Description = "on: share how far you read (the default); off: share nothing and see nobody's. Omit to show the setting.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        state.AcceptOnlyFromAmong("on", "off");
        return LoggedInCommand.Create(
            console,
            "receipts",
            "Show or set whether you send read receipts (and see others'); prints {\"readReceipts\":true|false}.",
            "receipts",
            async (result, client, cancellationToken) =>
            {
                bool enabled = result.GetValue(state) switch
                {
                    "on" => await client.SetReadReceiptsAsync(true, cancellationToken),
                    "off" => await client.SetReadReceiptsAsync(false, cancellationToken),
                    _ => await client.GetReadReceiptsAsync(cancellationToken),
                };
                console.Out(JsonLines.ReadReceipts(enabled));
            },
            state);
    }
}
