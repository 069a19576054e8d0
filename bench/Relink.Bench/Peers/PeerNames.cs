namespace Relink.Bench.Peers;

/// <summary>The servers a scenario can measure, as <c>--peers</c> names them.</summary>
internal static class PeerNames
{
    /// <summary>Reads <c>--peers relink,signalr</c> (default: both, Relink first), refusing unknown names.</summary>
    public static string[] From(BenchArguments args)
    {
        string[] peers = args.List("--peers") ?? ["relink", "signalr"];
        if (peers.FirstOrDefault(p => p is not ("relink" or "signalr")) is { } unknown)
        {
            throw new ArgumentException($"--peers: unknown server '{unknown}'; use relink, signalr or both.");
        }

        return peers;
    }
}
