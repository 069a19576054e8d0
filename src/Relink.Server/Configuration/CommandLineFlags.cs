namespace Relink.Server.Configuration;

/// <summary>
/// Maps the server's command-line flags (<c>--tcp-port 7000</c>, <c>--no-demo</c>, <c>--heartbeat-interval 1s</c>)
/// onto configuration keys, so flags, appsettings.json and environment variables all set the same options.
/// </summary>
public static class CommandLineFlags
{
    /// <summary>Flag → configuration key, for flags that take a value.</summary>
    public static readonly IReadOnlyDictionary<string, string> ValueFlags = new Dictionary<string, string>
    {
        ["--bind"] = "Relink:Bind",
        ["--tcp-port"] = "Relink:TcpPort",
        ["--http-port"] = "Relink:HttpPort",
        ["--data"] = "Relink:DataDirectory",
        ["--heartbeat-interval"] = "Relink:HeartbeatInterval",
        ["--heartbeat-timeout"] = "Relink:HeartbeatTimeout",
        ["--login-timeout"] = "Relink:LoginTimeout",
        ["--sweep-interval"] = "Relink:SweepInterval",
        ["--max-frame"] = "Relink:MaxClientFrame",
        ["--tls-cert"] = "Relink:Tls:CertificatePath",
        ["--tls-key"] = "Relink:Tls:KeyPath",
        ["--admin-token"] = "Relink:AdminToken",
        ["--outbound-queue"] = "Relink:OutboundQueueCapacity",
        ["--jwt-key"] = "Relink:Jwt:Key",
        ["--jwt-jwks"] = "Relink:Jwt:JwksFile",
        ["--jwt-issuer"] = "Relink:Jwt:Issuer",
        ["--jwt-audience"] = "Relink:Jwt:Audience",
        ["--webhook"] = "Relink:Webhook:Url",
        ["--webhook-secret"] = "Relink:Webhook:Secret",
        ["--webhook-retry-window"] = "Relink:Webhook:RetryWindow",
        ["--admins"] = "Relink:Admins",
        ["--log-format"] = "Relink:Logging:Format",
        ["--otlp-endpoint"] = "Relink:Otlp:Endpoint",
        ["--postgres"] = "Relink:Postgres",
        ["--api-key"] = "Relink:ApiKey",
        ["--typing-interval"] = "Relink:TypingInterval",
        ["--nats"] = "Relink:Nats",
        ["--node-id"] = "Relink:NodeId",
        ["--node-lease"] = "Relink:NodeLease",
        ["--cluster-reconcile-interval"] = "Relink:ClusterReconcileInterval",
        ["--read-notice-interval"] = "Relink:ReadNoticeInterval",
        ["--presence-grace"] = "Relink:PresenceGrace",
    };

    /// <summary>
    /// Rewrites valueless switches (<c>--no-demo</c>) into key=value pairs the configuration system understands,
    /// and rejects unknown flags with a message listing the known ones.
    /// </summary>
    public static string[] Normalize(string[] args)
    {
        var result = new List<string>(args.Length);
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            string flag = arg.Split('=', 2)[0];
            if (flag == "--no-demo")
            {
                result.Add("--Relink:Demo=false");
            }
            else if (flag == "--tls-dev-cert")
            {
                result.Add("--Relink:Tls:DevCertificate=true");
            }
            else if (flag == "--no-metrics")
            {
                result.Add("--Relink:Metrics:Enabled=false");
            }
            else if (flag == "--multi-device")
            {
                result.Add("--Relink:MultiDevice=true");
            }
            else if (ValueFlags.TryGetValue(flag, out string? key))
            {
                string? value = arg.Contains('=', StringComparison.Ordinal) ? arg.Split('=', 2)[1]
                    : i + 1 < args.Length ? args[++i]
                    : throw new ArgumentException($"{flag} needs a value.");
                result.Add($"--{key}={value}");
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains(':', StringComparison.Ordinal))
            {
                result.Add(arg); // a raw configuration key such as --Relink:LatestPerTalk=20 or --Logging:LogLevel:Default=Debug
            }
            else if (arg is "--help" or "-h")
            {
                throw new ArgumentException(Usage);
            }
            else
            {
                throw new ArgumentException($"Unknown argument '{arg}'.\n{Usage}");
            }
        }

        return [.. result];
    }

    /// <summary>The usage text.</summary>
    public const string Usage = """
        Usage: Relink.Server.Host [options]
          --bind ADDR                 listen address (default * = all interfaces; 127.0.0.1 for local only)
          --tcp-port N                TCP port for binary frames (default 7397)
          --http-port N               HTTP/WebSocket port: /ws, /healthz, browser client (default 8081)
          --data DIR                  folder for the SQLite database (default ./data)
          --no-demo                   do not create demo users on an empty database
          --multi-device              allow one account on several devices at once (default: a new login kicks the old)
          --heartbeat-interval D      clients ping after D of silence (default 15s)
          --heartbeat-timeout D       a link silent for D is dead (default 35s)
          --login-timeout D           close connections not logged in after D (default 10s)
          --max-frame BYTES           largest frame a client may send (default 65536)
          --outbound-queue N          frames queued per connection before it is dropped as too slow (default 1024, min 16)
          --sweep-interval D          how often the heartbeat sweeper visits every connection (default 1s, or a quarter of the shortest timeout)
          --tls-cert FILE [--tls-key FILE]  TLS on both ports with this certificate (.pfx, or .pem + key)
          --tls-dev-cert              TLS with a self-signed certificate made in the data folder (clients trust dev-cert.crt)
          --admin-token TOKEN         enable the admin console (/admin) and API (/admin/api) for this token ("Authorization: Bearer TOKEN")
          --admins ID,ID              user ids that may sign in to the admin console with their Relink password
          --jwt-key SECRET            accept logins with the app's HS256 JWTs signed with SECRET (32+ bytes)
          --jwt-jwks FILE             accept logins with the app's RS256/ES256 JWTs signed by a key in this JWKS file
          --jwt-issuer ISS            with --jwt-key/--jwt-jwks: a token's "iss" must be ISS
          --jwt-audience AUD          with --jwt-key/--jwt-jwks: a token's "aud" must include AUD
          --webhook URL               POST a signed JSON event per stored message and membership change to URL (docs/integration.md)
          --webhook-secret S          the HMAC-SHA256 key of the events' X-Relink-Signature (needed with --webhook; 16+ characters)
          --webhook-retry-window D    keep retrying an event for D after it happened, then keep it as a dead letter (default 24h)
          --no-metrics                do not serve /metrics (Prometheus text; loopback, or the admin token, by default)
          --otlp-endpoint URL         export traces over OTLP to this collector (default: off)
          --log-format simple|json    console log format (default simple; json carries connection/session/user scopes)
          --postgres CONNSTRING       keep the data in PostgreSQL (an Npgsql connection string) instead of SQLite in --data
          --api-key KEY               enable the server API /api/v1/ for "Authorization: Bearer KEY" (docs/integration.md)
          --typing-interval D         relay a connection's typing signals at most once per conversation per D (default 3s)
          --nats URL                  carry pushes between server nodes over this NATS server (needs --postgres; docs/scale-out.md)
          --node-id NAME              this node's name on the bus and in the store (default: host name and TCP port)
          --node-lease D              a node silent in the store for D counts as dead, its sessions offline (default 15s)
          --cluster-reconcile-interval D  renew the lease and check this node's sessions against the store every D (default 5s)
          --read-notice-interval D    push a user's read and delivery moves in a conversation at most once per D (default 1s)
          --presence-grace D          friends see a silent user online for D past the dead-link timeout (default 15s; 0: none)
        Durations: 500ms, 15s, 2m. Every option is also a configuration key under "Relink"
        (appsettings.json, or environment variables such as Relink__TcpPort=7000).
        Relink.Server.Host --version       print the version and exit
        Relink.Server.Host backup --to FILE [--data DIR]     copy the database through SQLite's online backup (server may run)
        Relink.Server.Host restore --from FILE [--data DIR]  put a backup in place (server stopped, no database there yet)
                                                             (SQLite only; with --postgres use pg_dump and pg_restore)
        """;
}
