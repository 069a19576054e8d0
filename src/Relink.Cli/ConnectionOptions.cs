using System.CommandLine;
using Relink.Client;

namespace Relink.Cli;

/// <summary>
/// The options every command takes to reach the server and log in: defined once here, added to each command.
/// </summary>
internal sealed class ConnectionOptions
{
    private readonly bool _acceptsToken;

    /// <param name="acceptsToken">Whether the command may log in with <c>--token</c> instead of <c>--password</c>
    /// (not <c>register</c>, which sets a password).</param>
    public ConnectionOptions(bool acceptsToken = true)
    {
        _acceptsToken = acceptsToken;
        Password.Required = !acceptsToken;
        Server.Validators.Add(result =>
        {
            string? value = result.GetValueOrDefault<string>();
            if (value is not null && !ServerEndpoint.TryParse(value, out _))
            {
                result.AddError($"'{value}' is not a server address: use HOST:PORT (TCP), tls://HOST:PORT, ws://HOST:PORT/ws or wss://HOST:PORT/ws.");
            }
        });
        CaCert.Validators.Add(result =>
        {
            string? path = result.GetValueOrDefault<string?>();
            if (path is not null && !File.Exists(path))
            {
                result.AddError($"--ca-cert: no file '{path}'.");
            }
        });
    }

    public Option<string?> CaCert { get; } = new("--ca-cert")
    {
        Description = "For tls:// or wss:// servers: a PEM certificate to trust besides the system's, such as the server's dev-cert.crt.",
        HelpName = "FILE",
    };

    public Option<string> Server { get; } = new("--server", "-s")
    {
        Description = "The server: HOST:PORT for TCP, tls://HOST:PORT for TCP inside TLS, ws://HOST:PORT/ws or wss://HOST:PORT/ws for WebSocket.",
        Required = true,
        HelpName = "HOST:PORT|tls://…|ws://…/ws",
    };

    public Option<string> User { get; } = new("--user", "-u")
    {
        Description = "Your user id.",
        Required = true,
    };

    public Option<string?> Password { get; } = new("--password", "-p")
    {
        Description = "Your password.",
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = "Log in with an access token (a JWT your app signed for you) instead of --password; the server needs --jwt-key or --jwt-jwks.",
        HelpName = "JWT",
    };

    public Option<string?> Device { get; } = new("--device", "-d")
    {
        Description = "This installation's id; the server keeps delivery cursors per device, and so does the local state " +
            "($RELINK_HOME or ~/.relink/SERVER/USER/DEVICE, one process at a time). Default: cli-<user> (listen, chat) or cli-<user>-<command>.",
    };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Add(Server);
        command.Add(User);
        command.Add(Password);
        if (_acceptsToken)
        {
            command.Add(Token);
            command.Validators.Add(result =>
            {
                if ((result.GetResult(Password) is null) == (result.GetResult(Token) is null))
                {
                    result.AddError("Say how to log in: exactly one of --password or --token.");
                }
            });
        }

        command.Add(Device);
        command.Add(CaCert);
    }

    /// <summary>Reads the connection settings the user gave.</summary>
    /// <param name="result">The parse result.</param>
    /// <param name="defaultDeviceSuffix">Appended to <c>cli-&lt;user&gt;</c> when no device is given; one-shot
    /// commands use their own so they never take over the session (or cursor) of a running listener.</param>
    public ConnectionSettings Read(ParseResult result, string? defaultDeviceSuffix = null)
    {
        string user = result.GetRequiredValue(User);
        string device = result.GetValue(Device) is { Length: > 0 } given
            ? given
            : "cli-" + user + (defaultDeviceSuffix is null ? "" : "-" + defaultDeviceSuffix);
        var credentials = result.GetValue(Token) is { Length: > 0 } token
            ? Credentials.FromAccessToken(token, user)
            : new Credentials(user, result.GetValue(Password) ?? "");
        return new ConnectionSettings(result.GetRequiredValue(Server), credentials, device, result.GetValue(CaCert));
    }
}

/// <summary>Where to connect and who to be: a password, or an access token for <see cref="User"/>.</summary>
internal sealed record ConnectionSettings(string Server, Credentials Credentials, string Device, string? CaCertPath = null)
{
    /// <summary>The user id given with --user.</summary>
    public string User => Credentials.UserId;

    /// <summary>
    /// Client options for these settings. The password (or token) doubles as the credentials provider, so a session
    /// whose resume token was refused (expired) logs in again by itself. A command that receives no messages (send,
    /// friends, groups, search) is a one-shot errand: it never signs out the user's chat or listener, even on a
    /// server with one session per account; only <c>listen</c> and <c>chat</c> hold the account.
    /// </summary>
    public RelinkClientOptions ToClientOptions(bool receiveMessages, IClientStateStore? stateStore = null) => new()
    {
        Server = Server,
        DeviceId = Device,
        ReceiveMessages = receiveMessages,
        OneShot = !receiveMessages,
        TrustedCertificate = CaCertPath is null ? null : System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(CaCertPath)),
        CredentialsProvider = _ => ValueTask.FromResult<Credentials?>(Credentials),
        StateStore = stateStore,
    };

    /// <summary>Logs in with the password, or with the token, which must then be for <see cref="User"/>.</summary>
    /// <exception cref="RelinkException">Refused; or the token is for another user (the session is closed).</exception>
    public async Task<SessionState> LoginAsync(RelinkClient client, CancellationToken cancellationToken)
    {
        if (Credentials.AccessToken is not { } token)
        {
            return await client.LoginAsync(User, Credentials.Password, cancellationToken);
        }

        SessionState session = await client.LoginWithAccessTokenAsync(token, cancellationToken);
        if (session.Profile.UserId != User)
        {
            // The state folder and device id are named after --user: acting as someone else would mix two accounts' state.
            await client.LogoutAsync(cancellationToken);
            throw new RelinkException(ErrorCode.InvalidCredentials, $"the token is for '{session.Profile.UserId}', not for --user '{User}'.");
        }

        return session;
    }

    /// <summary>This server's, user's and device's state folder under <paramref name="home"/>.</summary>
    public string StateFolder(string home) => Path.Combine(home, Safe(Server), Safe(User), Safe(Device));

    /// <summary>Never prints the password or token.</summary>
    public override string ToString() => $"{User} on {Server} (device {Device})";

    // "ws://host:8081/ws" → "ws___host_8081_ws": one folder name, whatever the address holds.
    private static string Safe(string name) =>
        string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_'));
}
