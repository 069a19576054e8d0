using System.Globalization;

namespace Relink.Bench.SignalR;

/// <summary>The peer server's few flags; durations in milliseconds, since only the benchmark passes them.</summary>
/// <param name="Port">The HTTP port on 127.0.0.1.</param>
/// <param name="KeepAlive">The hub's keep-alive interval.</param>
/// <param name="ClientTimeout">The hub's client timeout.</param>
/// <param name="Redis">host:port of a Redis server to use as the backplane between several hub servers; none: one server alone.</param>
internal sealed record PeerOptions(int Port, TimeSpan KeepAlive, TimeSpan ClientTimeout, string? Redis = null)
{
    private const string Usage = "Usage: Relink.Bench.SignalR --port N [--keep-alive-ms 15000] [--client-timeout-ms 30000] [--redis HOST:PORT]";

    /// <summary>Reads <c>--port N --keep-alive-ms 15000 --client-timeout-ms 30000 --redis 127.0.0.1:6379</c>.</summary>
    public static PeerOptions Parse(string[] args)
    {
        var options = new PeerOptions(5000, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30));
        for (int i = 0; i < args.Length; i += 2)
        {
            string value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
            options = args[i] switch
            {
                "--port" => options with { Port = Positive(args[i], value) },
                "--keep-alive-ms" => options with { KeepAlive = TimeSpan.FromMilliseconds(Positive(args[i], value)) },
                "--client-timeout-ms" => options with { ClientTimeout = TimeSpan.FromMilliseconds(Positive(args[i], value)) },
                "--redis" => options with { Redis = value },
                _ => throw new ArgumentException($"Unknown argument '{args[i]}'.\n{Usage}"),
            };
        }

        return options;
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0
            ? n
            : throw new ArgumentException($"{name} needs a positive whole number.\n{Usage}");
}
