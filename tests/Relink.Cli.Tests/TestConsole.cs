using System.Text;
using Relink.Testing;

namespace Relink.Cli.Tests;

/// <summary>A console for running <c>relink</c> in-process: scripted stdin, recorded stdout and stderr.</summary>
internal sealed class TestConsole
{
    public TestConsole(string input = "")
        : this(new StringReader(input))
    {
    }

    public TestConsole(TextReader input)
    {
        Console = new CliConsole(input, Output, Error, StateHome);
    }

    /// <summary>This console's own state folder (under one per test run), so no test sees another's saved state.</summary>
    public string StateHome { get; } = Path.Combine(StateRoot.Path, Guid.NewGuid().ToString("N"));

    private static TempDirectory StateRoot { get; } = CreateStateRoot();

    private static TempDirectory CreateStateRoot()
    {
        var root = new TempDirectory();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => root.Dispose();
        return root;
    }

    public CliConsole Console { get; }

    public LineWriter Output { get; } = new();

    public LineWriter Error { get; } = new();

    public Task<int> RunAsync(CancellationToken cancellationToken, params string[] args) =>
        RelinkCommandLine.RunAsync(args, Console, cancellationToken);

    public Task<int> RunAsync(params string[] args) => RunAsync(CancellationToken.None, args);

    public Task OutputLinesAsync(int count) =>
        Eventually.TrueAsync(() => Output.Lines.Count >= count, $"{count} lines on stdout (have: {string.Join(" | ", Output.Lines)}; stderr: {Error.Text})");

    /// <summary>Waits until stdout has a line containing <paramref name="text"/>.</summary>
    public Task OutputAsync(string text) =>
        Eventually.TrueAsync(() => Output.Text.Contains(text, StringComparison.Ordinal), $"'{text}' on stdout (have: {Output.Text}; stderr: {Error.Text})");

    /// <summary>Waits until stderr has a line containing <paramref name="text"/>.</summary>
    public Task ErrorAsync(string text) =>
        Eventually.TrueAsync(() => Error.Text.Contains(text, StringComparison.Ordinal), $"'{text}' on stderr (have: {Error.Text})");
}

/// <summary>Standard input a test types into line by line, while the command runs.</summary>
internal sealed class TypedInput : TextReader
{
    private readonly System.Threading.Channels.Channel<string?> _lines = System.Threading.Channels.Channel.CreateUnbounded<string?>();

    public void Type(string line) => _lines.Writer.TryWrite(line);

    public override async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken) => await _lines.Reader.ReadAsync(cancellationToken);

    public override Task<string?> ReadLineAsync() => ReadLineAsync(CancellationToken.None).AsTask();
}

/// <summary>
/// Standard input nobody types into, read the way a terminal's Console.In is: ReadLineAsync blocks its caller
/// (until disposed, then end of input).
/// </summary>
internal sealed class BlockingInput : TextReader
{
    private readonly ManualResetEventSlim _released = new();

    public override ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        _released.Wait(CancellationToken.None);
        return ValueTask.FromResult<string?>(null);
    }

    public override Task<string?> ReadLineAsync() => ReadLineAsync(CancellationToken.None).AsTask();

    protected override void Dispose(bool disposing)
    {
        _released.Set();
        base.Dispose(disposing);
    }
}

/// <summary>Collects written text as lines; safe to read while another thread writes.</summary>
internal sealed class LineWriter : TextWriter
{
    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];
    private readonly StringBuilder _current = new();

    public override Encoding Encoding => Encoding.UTF8;

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    public string Text
    {
        get
        {
            lock (_gate)
            {
                return string.Join('\n', _lines) + _current;
            }
        }
    }

    public override void Write(char value)
    {
        lock (_gate)
        {
            if (value == '\n')
            {
                _lines.Add(_current.ToString().TrimEnd('\r'));
                _current.Clear();
            }
            else
            {
                _current.Append(value);
            }
        }
    }

    public override void Write(string? value)
    {
        foreach (char c in value ?? "")
        {
            Write(c);
        }
    }
}
