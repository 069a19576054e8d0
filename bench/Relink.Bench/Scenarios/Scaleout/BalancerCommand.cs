namespace Relink.Bench.Scenarios.Scaleout;

/// <summary>
/// The hidden <c>scaleout-balancer</c> command: one of the balancer processes of <see cref="BalancerProcesses"/>.
/// Prints <see cref="Listening"/> once it accepts connections, runs until its standard input closes.
/// </summary>
internal static class BalancerCommand
{
    /// <summary>The command's name.</summary>
    public const string Name = "scaleout-balancer";

    /// <summary>The line it prints once it listens.</summary>
    public const string Listening = "LISTENING";

    /// <summary>Runs the balancer: <c>--port P --nodes P1,P2,P3</c>.</summary>
    public static async Task<int> RunAsync(BenchArguments args, CancellationToken cancellationToken)
    {
        int port = args.Int("--port") ?? throw new ArgumentException("--port is required");
        int[] nodes = args.IntList("--nodes") ?? throw new ArgumentException("--nodes is required");
        args.RejectUnused();

        await using var balancer = LoadBalancer.Start(nodes, port, sharePort: true);
        Console.WriteLine(Listening);
        await BenchChildProcess.ParentGoneAsync(cancellationToken);
        return 0;
    }
}
