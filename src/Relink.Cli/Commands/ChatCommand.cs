using System.CommandLine;
using Relink.Cli.Chat;

namespace Relink.Cli.Commands;

/// <summary><c>relink chat</c>: the interactive chat on a plain console.</summary>
internal static class ChatCommand
{
    public static Command Create(CliConsole console)
    {
        var connection = new ConnectionOptions();
        var command = new Command("chat", "Chat interactively: " + ChatSession.Help);
        connection.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.WithLoginAsync(
            console,
            connection.Read(result),
            receiveMessages: true,
            (client, session) => new ChatSession(client, console, TimeZoneInfo.Local).RunAsync(session, cancellationToken),
            cancellationToken,
            keepState: true));
        return command;
    }
}
