namespace Relink.Bench.Scenarios.Burst;

/// <summary>What the <c>burst</c> scenario sends, and with how much in flight.</summary>
internal sealed record BurstSettings
{
    /// <summary>How many messages the one sender sends (100,000: the figure).</summary>
    public required int Messages { get; init; }

    /// <summary>Sends on the wire at once: the SDK's MaxSendsInFlight, and the SignalR client's pending invocations.</summary>
    public required int InFlight { get; init; }

    /// <summary>The SDK's outbox: sends accepted but not acknowledged; the sender waits for room when it is full, as a bot would.</summary>
    public required int Outbox { get; init; }

    /// <summary>"relink", "signalr", in the order they run.</summary>
    public required string[] Peers { get; init; }

    /// <summary>How long one peer's burst may take before the run fails.</summary>
    public required TimeSpan Deadline { get; init; }

    /// <summary>A smoke run: fewer messages, report in a temp folder.</summary>
    public required bool Quick { get; init; }

    /// <summary>Reads the options.</summary>
    public static BurstSettings From(BenchArguments args)
    {
        bool quick = args.Flag("--quick");
        var settings = new BurstSettings
        {
            Quick = quick,
            Messages = args.Int("--messages") ?? (quick ? 5_000 : 100_000),
            InFlight = args.Int("--in-flight") ?? 64,
            Outbox = args.Int("--outbox") ?? 1024,
            Peers = args.Peers(),
            Deadline = args.Duration("--deadline") ?? TimeSpan.FromMinutes(5),
        };
        if (settings.Messages < 1 || settings.InFlight < 1 || settings.Outbox < settings.InFlight)
        {
            throw new ArgumentException("--messages and --in-flight take 1 or more, --outbox at least --in-flight.");
        }

        return settings;
    }
}
