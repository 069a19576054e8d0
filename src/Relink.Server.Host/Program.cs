using Relink.Server.Hosting;

WebApplication app;
try
{
    app = RelinkServerHost.Build(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

await app.RunAsync();
return 0;
