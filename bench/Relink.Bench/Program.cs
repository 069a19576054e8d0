using Relink.Bench;
using Relink.Bench.Scenarios;

// Load generator and side-by-side comparisons. A scenario per folder under Scenarios/ (listed in ScenarioCatalog),
// reports through Reporting/.
//   dotnet run -c Release --project bench/Relink.Bench -- idle [--quick]

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true; // let the scenario stop its server processes rather than orphan them
    stop.Cancel();
};

// A run in the background (nohup … &) ignores Ctrl+C; SIGTERM stops it just as cleanly.
using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

try
{
    var arguments = BenchArguments.Parse(args);
    return await ScenarioCatalog.Find(arguments.Scenario).RunAsync(arguments, stop.Token);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(ScenarioCatalog.Usage);
    return 1;
}
catch (BenchFailure e)
{
    Console.Error.WriteLine("Benchmark failed: " + e.Message);
    return 3;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.Error.WriteLine("Stopped.");
    return 130;
}
