using System.Reflection;
using System.CommandLine;
using System.CommandLine.Invocation;
using Relink.Cli.Commands;

namespace Relink.Cli;

/// <summary>The <c>relink</c> command tree, and running it against a console.</summary>
internal static class RelinkCommandLine
{
    /// <summary>Builds every command, writing through <paramref name="console"/>.</summary>
    public static RootCommand Create(CliConsole console)
    {
        var root = Commands(console);
        foreach (var version in root.Options.OfType<VersionOption>())
        {
            version.Action = new PrintVersion(); // the built-in one prints the entry assembly's version: a test host's, in tests
        }

        return root;
    }

    private static RootCommand Commands(CliConsole console) => new("relink: chat with a Relink server from the command line. " + ExitCodes.HelpText)
    {
        RegisterCommand.Create(console),
        SendCommand.Create(console),
        ListenCommand.Create(console),
        FriendsCommand.Create(console),
        FriendsCommand.Block(console),
        FriendsCommand.Unblock(console),
        GroupsCommand.Create(console),
        SearchCommand.Create(console),
        ChatCommand.Create(console),
        ChangeCommands.Edit(console),
        ChangeCommands.Recall(console),
        ReceiptsCommand.Create(console),
        PresenceCommand.Create(console),
    };

    /// <summary>Parses <paramref name="args"/> and runs the command; returns the exit code.</summary>
    public static Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        ParseResult result = Create(console).Parse(args);

        // A usage error prints the error and a pointer to --help, not the whole help text: scripts read stderr.
        if (result.Action is ParseErrorAction parseError)
        {
            parseError.ShowHelp = false;
        }

        return result.InvokeAsync(new InvocationConfiguration { Output = console.OutputWriter, Error = console.ErrorWriter }, cancellationToken);
    }

    /// <summary><c>relink --version</c>: the version from Directory.Build.props, stamped into this assembly.</summary>
    private sealed class PrintVersion : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(
                typeof(RelinkCommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown");
            return 0;
        }
    }
}
