using System.CommandLine;
using Relink.Client;

namespace Relink.Cli;

/// <summary>
/// Builds the one-shot commands that log in, do one thing and print it: the connection options, the login and
/// the error handling are the same for all, only the body differs.
/// </summary>
internal static class LoggedInCommand
{
    /// <param name="console">Where output goes.</param>
    /// <param name="name">The command's name.</param>
    /// <param name="description">What it does, for --help.</param>
    /// <param name="deviceSuffix">Its default device id is <c>cli-&lt;user&gt;-&lt;suffix&gt;</c>.</param>
    /// <param name="body">The work, with the parse result and a logged-in client.</param>
    /// <param name="symbols">The command's own arguments and options.</param>
    public static Command Create(
        CliConsole console,
        string name,
        string description,
        string deviceSuffix,
        Func<ParseResult, RelinkClient, CancellationToken, Task> body,
        params Symbol[] symbols)
    {
        var connection = new ConnectionOptions();
        var command = new Command(name, description);
        connection.AddTo(command);
        foreach (Symbol symbol in symbols)
        {
            switch (symbol)
            {
                case Argument argument:
                    command.Add(argument);
                    break;
                case Option option:
                    command.Add(option);
                    break;
                default:
                    throw new ArgumentException($"Cannot add a {symbol.GetType().Name} to a command.", nameof(symbols));
            }
        }

        command.SetAction((result, cancellationToken) => CommandRunner.WithLoginAsync(
            console,
            connection.Read(result, deviceSuffix),
            receiveMessages: false,
            async (client, _) =>
            {
                await body(result, client, cancellationToken);
                return ExitCodes.Ok;
            },
            cancellationToken));
        return command;
    }
}
