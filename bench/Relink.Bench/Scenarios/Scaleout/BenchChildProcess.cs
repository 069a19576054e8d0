using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using Relink.Bench.Peers;

namespace Relink.Bench.Scenarios.Scaleout;

/// <summary>
/// The bench run again as a child process with a hidden command (a balancer, a load worker), so that one run can hold
/// more sockets than one process may open. The child reports on its standard output, a line at a time, and runs until
/// its standard input closes: when this is disposed, or when the bench dies (the pipe closes with it), so no child
/// outlives its parent.
/// </summary>
internal sealed class BenchChildProcess : IAsyncDisposable
{
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly Task _reading;
    private readonly ConcurrentQueue<string> _errors = new();

    private BenchChildProcess(Process process, Action<string> onLine)
    {
        _process = process;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                _errors.Enqueue(line);
                while (_errors.Count > 20 && _errors.TryDequeue(out string? dropped))
                {
                }
            }
        };
        process.BeginErrorReadLine();
        _reading = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                onLine(line);
            }
        });
    }

    /// <summary>Its process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Whether it has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The last lines it wrote to its standard error, for a failure message.</summary>
    public string ErrorTail => string.Join("\n", _errors);

    /// <summary>Starts the bench with <paramref name="arguments"/> (a command and its options); each line it prints goes to <paramref name="onLine"/>, on one reader.</summary>
    public static BenchChildProcess Start(IEnumerable<string> arguments, Action<string> onLine)
    {
        string self = Environment.ProcessPath ?? throw new BenchFailure("cannot tell which program runs the bench");
        var info = new ProcessStartInfo(self)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location); // run as `dotnet Relink.Bench.dll`
        }

        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new BenchFailure("could not start a child bench process");
        return new BenchChildProcess(process, onLine);
    }

    /// <summary>In the child: completes when the parent closes its standard input (it asked to stop, or it died).</summary>
    public static Task ParentGoneAsync(CancellationToken cancellationToken) =>
        Task.WhenAny(
            Task.Factory.StartNew(() =>
            {
                using var input = Console.OpenStandardInput();
                byte[] buffer = new byte[64];
                while (input.Read(buffer) > 0)
                {
                }
            }, TaskCreationOptions.LongRunning),
            Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default));

    /// <summary>Asks it to stop (closes its input), gives it a minute to let go of its connections, then kills it.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            await _process.WaitForExitAsync().WaitAsync(StopDeadline);
        }
        catch (Exception e) when (e is TimeoutException or IOException)
        {
        }

        await ChildProcessKill.KillAndDisposeAsync(_process);
        await _reading.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
