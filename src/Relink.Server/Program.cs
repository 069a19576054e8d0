using Relink.Server.Operations;

return await ServerCommandLine.RunAsync(args, Console.Out, Console.Error);
