namespace Relink.Server.Configuration;

/// <summary>The /metrics endpoint (section "Relink:Metrics").</summary>
public sealed class MetricsOptions
{
    /// <summary>Serve /metrics in Prometheus text format (and collect the meters it exports).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Answer a request from the server's own host (a loopback address) without a token, as a Prometheus or agent on
    /// the same machine scrapes. Turn it off when a reverse proxy on this host forwards /metrics: then every request
    /// looks local.
    /// </summary>
    public bool AllowLoopbackWithoutToken { get; set; } = true;

    /// <summary>
    /// Answer requests from other hosts without a token (a private network where only the scraper can reach the
    /// HTTP port). Off by default: others need <c>Authorization: Bearer &lt;AdminToken&gt;</c>.
    /// </summary>
    public bool AllowRemoteWithoutToken { get; set; }
}
