using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;

namespace Relink.EndToEnd.Tests;

/// <summary>Runs the real `relink` command (relink.dll beside the tests) as a child process.</summary>
internal sealed class CliProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _stdout = Channel.CreateUnbounded<string>();
    private readonly System.Text.StringBuilder _stderr = new();
    private readonly Task _pumps;

    private CliProcess(Process process)
    {
        _process = process;
        _pumps = Task.WhenAll(PumpStdoutAsync(), PumpStderrAsync());
    }

    public static CliProcess Start(params string[] args) => StartProgram(null, args);

    /// <summary>
    /// Starts <paramref name="executable"/> (an installed `relink`, say) with <paramref name="args"/>, or relink.dll
    /// beside the tests when it is null.
    /// </summary>
    public static CliProcess StartProgram(string? executable, params string[] args)
    {
        var info = new ProcessStartInfo(executable ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (executable is null)
        {
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "relink.dll"));
        }

        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return new CliProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start " + (executable ?? "relink")));
    }

    /// <summary>Runs to completion with <paramref name="stdin"/> as input.</summary>
    public static Task<CliResult> RunAsync(string? stdin, params string[] args) => RunProgramAsync(null, stdin, args);

    /// <summary>Runs <paramref name="executable"/> (see <see cref="StartProgram"/>) to completion with <paramref name="stdin"/> as input.</summary>
    public static async Task<CliResult> RunProgramAsync(string? executable, string? stdin, params string[] args)
    {
        await using var cli = StartProgram(executable, args);
        if (stdin is not null)
        {
            await cli._process.StandardInput.WriteAsync(stdin);
        }

        cli._process.StandardInput.Close();
        int exit = await cli.WaitForExitAsync();
        var lines = new List<string>();
        while (cli._stdout.Reader.TryRead(out string? line))
        {
            lines.Add(line);
        }

        return new CliResult(exit, lines, cli.Stderr);
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>The next line the command prints on stdout, parsed as JSON.</summary>
    public async Task<JsonElement> NextJsonLineAsync(TimeSpan? timeout = null) =>
        JsonDocument.Parse(await NextLineAsync(timeout)).RootElement.Clone();

    /// <summary>The next line the command prints on stdout.</summary>
    public async Task<string> NextLineAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Testing.Eventually.DefaultTimeout);
        try
        {
            return await _stdout.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("relink printed no line in time; stderr: " + Stderr);
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException("relink closed stdout (it exited) before printing the line; stderr: " + Stderr);
        }
    }

    /// <summary>Skips stdout lines until one contains <paramref name="text"/>, and returns it.</summary>
    public async Task<string> LineContainingAsync(string text)
    {
        while (true)
        {
            string line = await NextLineAsync();
            if (line.Contains(text, StringComparison.Ordinal))
            {
                return line;
            }
        }
    }

    /// <summary>Types <paramref name="line"/> on the command's stdin.</summary>
    public async Task TypeAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Whether the command is still running.</summary>
    public bool IsRunning => !_process.HasExited;

    /// <summary>Waits for the command to exit (2 minutes at most unless <paramref name="timeout"/> says otherwise).</summary>
    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("relink did not exit in time; stderr: " + Stderr);
        }

        await _pumps;
        return _process.ExitCode;
    }

    private async Task PumpStdoutAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            await _stdout.Writer.WriteAsync(line);
        }

        _stdout.Writer.TryComplete();
    }

    private async Task PumpStderrAsync()
    {
        while (await _process.StandardError.ReadLineAsync() is { } line)
        {
            lock (_stderr)
            {
                _stderr.AppendLine(line);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}

internal sealed record CliResult(int ExitCode, IReadOnlyList<string> Lines, string Stderr)
{
    public IReadOnlyList<JsonElement> Json => Lines.Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
}
