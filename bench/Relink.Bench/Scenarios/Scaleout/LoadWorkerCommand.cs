using System.Diagnostics;
using Relink.Bench.Load;

namespace Relink.Bench.Scenarios.Scaleout;

/// <summary>
/// The hidden <c>scaleout-worker</c> command: one process of <see cref="LoadWorkers"/>. Starts load clients
/// <c>--first</c> to <c>--first + --count - 1</c> through the balancer on <c>--port</c>, each asking its sender to be
/// friends, prints READY (or FAIL), then reports their events until its standard input closes.
/// </summary>
internal static class LoadWorkerCommand
{
    /// <summary>The command's name.</summary>
    public const string Name = "scaleout-worker";

    /// <summary>Tries at setting up one load client before the worker gives up.</summary>
    private const int SetupAttempts = 3;

    /// <summary>Runs the worker.</summary>
    public static async Task<int> RunAsync(BenchArguments args, CancellationToken cancellationToken)
    {
        string product = args.Text("--product") ?? throw new ArgumentException("--product is required");
        int port = args.Int("--port") ?? throw new ArgumentException("--port is required");
        int first = args.Int("--first") ?? throw new ArgumentException("--first is required");
        int count = args.Int("--count") ?? throw new ArgumentException("--count is required");
        int concurrency = args.Int("--concurrency") ?? 8;
        args.RejectUnused();
        if (product is not ("relink" or "signalr"))
        {
            throw new ArgumentException("--product is relink or signalr");
        }

        var events = new WorkerReport.Writer();
        using var hubClients = product == "signalr" ? new SignalRClients() : null;
        string endpoint = "127.0.0.1:" + port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var clients = new IScaleoutClient?[count];
        var parentGone = BenchChildProcess.ParentGoneAsync(cancellationToken);
        using var stop = new CancellationTokenSource();
        _ = parentGone.ContinueWith(_ => stop.Cancel(), TaskScheduler.Default);
        try
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = stop.Token };
            await Parallel.ForAsync(0, count, parallel, async (k, token) =>
            {
                int i = first + k;
                string user = ScaleoutUsers.Load(i);
                for (int attempt = 1; ; attempt++)
                {
                    var client = hubClients is null
                        ? RelinkScaleout.NewClient(endpoint, user, events, i)
                        : SignalRScaleout.NewClient(hubClients, port, user, events, i);
                    clients[k] = client;
                    try
                    {
                        await client.StartAsync(token);
                        break;
                    }
                    catch (Exception) when (attempt < SetupAttempts && !token.IsCancellationRequested)
                    {
                        // The setup is not what is measured: a login that missed the server's login deadline on a
                        // box loaded far past its cores is made again with a new client.
                        await client.DisposeAsync();
                    }
                }

                await clients[k]!.AskFriendAsync(ScaleoutUsers.Sender(ScaleoutUsers.SenderOf(i)), token);
            });
            events.Ready(count, Stopwatch.GetTimestamp());
            await parentGone;
            return 0;
        }
        catch (Exception e) when (!parentGone.IsCompleted)
        {
            events.Fail(e.GetType().Name + ": " + e.Message);
            return 1;
        }
        catch (Exception) when (parentGone.IsCompleted)
        {
            return 0; // stopped during the setup: nothing to report to
        }
        finally
        {
            foreach (var chunk in clients.OfType<IScaleoutClient>().Chunk(200))
            {
                await Task.WhenAll(chunk.Select(c => c.DisposeAsync().AsTask()));
            }

            await events.CompleteAsync();
        }
    }
}
