using Relink.Cli;

return await RelinkCommandLine.RunAsync(args, CliConsole.System);
