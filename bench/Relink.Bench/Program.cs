using Relink.Bench;
using Relink.Bench.Scenarios.Idle;

// Load generator and side-by-side comparisons. A scenario per folder under Scenarios/, reports through Reporting/.
//   dotnet run -c Release --project bench/Relink.Bench -- idle [--quick]
const string Usage = "Usage: dotnet run -c Release --project bench/Relink.Bench -- SCENARIO [options]\nScenarios:\n" + IdleCommand.Usage;

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
    return arguments.Scenario switch
    {
        "idle" => await IdleCommand.RunAsync(arguments, stop.Token),
        _ => throw new ArgumentException($"Unknown scenario '{arguments.Scenario}'."),
    };
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(Usage);
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
