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

    public TextReader In { get; } = input;

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
