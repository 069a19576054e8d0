using System.Globalization;

namespace Relink.Bench.SignalR;

/// <summary>The peer server's few flags; durations in milliseconds, since only the benchmark passes them.</summary>
internal sealed record PeerOptions(int Port, TimeSpan KeepAlive, TimeSpan ClientTimeout)
{
    private const string Usage = "Usage: Relink.Bench.SignalR --port N [--keep-alive-ms 15000] [--client-timeout-ms 30000]";

    /// <summary>Reads <c>--port N --keep-alive-ms 15000 --client-timeout-ms 30000</c>.</summary>
    public static PeerOptions Parse(string[] args)
    {
        var options = new PeerOptions(5000, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30));
        for (int i = 0; i < args.Length; i += 2)
        {
            int value = i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0
                ? n
                : throw new ArgumentException($"{args[i]} needs a positive whole number.\n{Usage}");
            options = args[i] switch
            {
                "--port" => options with { Port = value },
                "--keep-alive-ms" => options with { KeepAlive = TimeSpan.FromMilliseconds(value) },
                "--client-timeout-ms" => options with { ClientTimeout = TimeSpan.FromMilliseconds(value) },
                _ => throw new ArgumentException($"Unknown argument '{args[i]}'.\n{Usage}"),
            };
        }

        return options;
    }
}
