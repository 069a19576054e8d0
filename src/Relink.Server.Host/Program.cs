using Relink.Server.Hosting;

return await ServerCommandLine.RunAsync(args, Console.Out, Console.Error);
