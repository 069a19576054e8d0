namespace Relink.Cli;

/// <summary>
/// What a command works with: stdout for results (JSON lines a script parses), stderr for status and errors, stdin
/// for input, and the folder where clients keep their state between runs. Tests pass their own; writes are serialised
/// so lines from concurrent tasks never mix.
/// </summary>
internal sealed class CliConsole(TextReader input, TextWriter output, TextWriter error, string stateHome)
{
    private readonly Lock _gate = new();

    /// <summary>The process's own streams; state in <c>$RELINK_HOME</c>, or <c>~/.relink</c>.</summary>
    public static CliConsole System { get; } = new(
        Console.In,
        Console.Out,
        Console.Error,
        Environment.GetEnvironmentVariable("RELINK_HOME") is { Length: > 0 } home
            ? home
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".relink"));

    // The one read of stdin under way, kept when a caller stops waiting for it, so the next caller gets its line.
    private Task<string?>? _reading;

    /// <summary>
    /// The next line of stdin (null at its end), awaited without blocking the caller: a read that cannot finish
    /// yet (nobody typed) must never keep a command from noticing a kick or a Ctrl+C. <see cref="Console.In"/>
    /// reads synchronously even from <c>ReadLineAsync</c>, so the read runs on a pool thread of its own, and a
    /// cancelled wait leaves it running for the next call. One reader at a time.
    /// </summary>
    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _reading ??= Task.Run(() => input.ReadLineAsync(CancellationToken.None).AsTask(), CancellationToken.None);
        string? line = await _reading.WaitAsync(cancellationToken);
        _reading = null;
        return line;
    }

    /// <summary>Where each server, user and device keeps its delivery cursors and unsent messages.</summary>
    public string StateHome { get; } = stateHome;

    /// <summary>Writes one line to stdout and flushes it, so a pipe sees each result as it happens.</summary>
    public void Out(string line)
    {
        lock (_gate)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }

    /// <summary>Writes one status or error line to stderr.</summary>
    public void Error(string line)
    {
        lock (_gate)
        {
            error.WriteLine(line);
            error.Flush();
        }
    }

    /// <summary>The raw stdout writer (for System.CommandLine's help output).</summary>
    public TextWriter OutputWriter => output;

    /// <summary>The raw stderr writer (for System.CommandLine's parse errors).</summary>
    public TextWriter ErrorWriter => error;
}
