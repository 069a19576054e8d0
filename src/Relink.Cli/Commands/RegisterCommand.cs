using System.CommandLine;

namespace Relink.Cli.Commands;

/// <summary><c>relink register</c>: creates an account and prints its profile.</summary>
internal static class RegisterCommand
{
    public static Command Create(CliConsole console)
    {
        var connection = new ConnectionOptions(acceptsToken: false);
        var nickname = new Option<string?>("--nickname", "-n") { Description = "The name others see (default: the user id)." };
        var head = new Option<string?>("--head") { Description = "An avatar id or URL." };
        var command = new Command("register", "Create an account; prints its profile as JSON.");
        connection.AddTo(command);
        command.Add(nickname);
        command.Add(head);
        command.SetAction((result, cancellationToken) =>
        {
            var settings = connection.Read(result, "register");
            return CommandRunner.WithClientAsync(console, settings, receiveMessages: false, async client =>
            {
                var profile = await client.RegisterAsync(settings.User, settings.Credentials.Password, result.GetValue(nickname), result.GetValue(head), cancellationToken);
                console.Out(JsonLines.Profile(profile));
                return ExitCodes.Ok;
            });
        });
        return command;
    }
}
