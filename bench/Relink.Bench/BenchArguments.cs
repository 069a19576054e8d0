using System.Globalization;

namespace Relink.Bench;

/// <summary>
/// The command line: a scenario name, then <c>--name value</c> options and <c>--flag</c> switches. Each scenario
/// reads what it knows; <see cref="RejectUnused"/> then refuses typos instead of silently ignoring them.
/// </summary>
internal sealed class BenchArguments
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    private BenchArguments(string scenario) => Scenario = scenario;

    /// <summary>The scenario to run ("idle").</summary>
    public string Scenario { get; }

    /// <summary>Parses <c>SCENARIO [--name value | --flag]...</c>.</summary>
    public static BenchArguments Parse(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            throw new ArgumentException("Name a scenario first.");
        }

        var parsed = new BenchArguments(args[0]);
        for (int i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected '{args[i]}': options start with --.");
            }

            bool hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            parsed._options[args[i]] = hasValue ? args[++i] : null;
        }

        return parsed;
    }

    /// <summary>Whether a switch such as <c>--quick</c> was given.</summary>
    public bool Flag(string name)
    {
        _used.Add(name);
        if (!_options.TryGetValue(name, out string? value))
        {
            return false;
        }

        return value is null ? true : throw new ArgumentException($"{name} takes no value, not '{value}'.");
    }

    /// <summary>The value of <c>--name value</c>, or null.</summary>
    public string? Text(string name)
    {
        _used.Add(name);
        return _options.TryGetValue(name, out string? value)
            ? value ?? throw new ArgumentException($"{name} needs a value.")
            : null;
    }

    /// <summary>A whole number.</summary>
    public int? Int(string name) => Text(name) is { } text
        ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n >= 0 ? n : throw new ArgumentException($"{name}: '{text}' is not a whole number.")
        : null;

    /// <summary>A comma-separated list of whole numbers: <c>--counts 1000,5000</c>.</summary>
    public int[]? IntList(string name) => Text(name) is { } text
        ? [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(part =>
            int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : throw new ArgumentException($"{name}: '{part}' is not a positive whole number."))]
        : null;

    /// <summary>A comma-separated list of words: <c>--peers relink,signalr</c>.</summary>
    public string[]? List(string name) => Text(name)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>A duration in seconds or milliseconds: <c>20s</c>, <c>500ms</c>.</summary>
    public TimeSpan? Duration(string name) => Text(name) is not { } text ? null
        : text.EndsWith("ms", StringComparison.Ordinal) && double.TryParse(text[..^2], NumberStyles.Float, CultureInfo.InvariantCulture, out double ms) ? TimeSpan.FromMilliseconds(ms)
        : text.EndsWith('s') && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double s) ? TimeSpan.FromSeconds(s)
        : throw new ArgumentException($"{name}: '{text}' is not a duration such as 20s or 500ms.");

    /// <summary><c>--peers relink,signalr</c>: the servers to measure, in order; both by default.</summary>
    /// <param name="ejabberd">Whether ejabberd may be a peer, and is one by default.</param>
    /// <param name="postgres">Whether <c>relink-postgres</c> (Relink on PostgreSQL) may be a peer; not by default.</param>
    public string[] Peers(bool ejabberd = false, bool postgres = false)
    {
        string[] peers = List("--peers") ?? (ejabberd ? ["relink", "signalr", "ejabberd"] : ["relink", "signalr"]);
        string[] known = ["relink", "signalr", .. ejabberd ? ["ejabberd"] : Array.Empty<string>(), .. postgres ? ["relink-postgres"] : Array.Empty<string>()];
        return peers.FirstOrDefault(p => !known.Contains(p)) is { } unknown
            ? throw new ArgumentException($"--peers: unknown server '{unknown}'; use {string.Join(", ", known)} or some of them.")
            : peers;
    }

    /// <summary><c>--concurrency N</c>: logins in flight at once while connections are set up; <paramref name="fallback"/> by default.</summary>
    public int SetupConcurrency(int fallback = 32) =>
        Int("--concurrency") is { } n ? (n >= 1 ? n : throw new ArgumentException("--concurrency must be at least 1.")) : fallback;

    /// <summary>Throws for any option no scenario asked about.</summary>
    public void RejectUnused()
    {
        string[] unknown = [.. _options.Keys.Where(k => !_used.Contains(k))];
        if (unknown.Length > 0)
        {
            throw new ArgumentException($"Unknown option(s) for '{Scenario}': {string.Join(", ", unknown)}.");
        }
    }

    /// <summary>The command line as typed after <c>--</c>, for the report.</summary>
    public override string ToString() =>
        string.Join(' ', new[] { Scenario }.Concat(_options.Select(o => o.Value is null ? o.Key : $"{o.Key} {o.Value}")));
}
