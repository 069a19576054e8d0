using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Relink.Server.Hosting;
using Relink.Server.Sessions;

namespace Relink.Testing.Server;

/// <summary>
/// A real Relink server in this process: Kestrel on 127.0.0.1 with free ports, SQLite in a temporary folder.
/// Stop and start it again on the same ports and data to test restarts.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly TempDirectory? _ownedData;
    private readonly string[] _extraArgs;
    private readonly TimeProvider? _time;
    private readonly Action<IServiceCollection>? _services;
    private WebApplication? _app;

    private TestServer(string dataDirectory, TempDirectory? ownedData, string[] extraArgs, TimeProvider? time, Action<IServiceCollection>? services)
    {
        DataDirectory = dataDirectory;
        _ownedData = ownedData;
        _extraArgs = extraArgs;
        _time = time;
        _services = services;
        TcpPort = FreePort.Next();
        HttpPort = FreePort.Next();
    }

    /// <summary>The TCP port.</summary>
    public int TcpPort { get; }

    /// <summary>The HTTP/WebSocket port.</summary>
    public int HttpPort { get; }

    /// <summary>"127.0.0.1:port", as the SDK and CLI take it.</summary>
    public string TcpEndpoint => $"127.0.0.1:{TcpPort}";

    /// <summary>The WebSocket endpoint.</summary>
    public string WebSocketEndpoint => $"ws://127.0.0.1:{HttpPort}/ws";

    /// <summary>The data folder (kept across restarts).</summary>
    public string DataDirectory { get; }

    /// <summary>The running app's services (null while stopped).</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The server is stopped.");

    /// <summary>Gets a server service.</summary>
    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>
    /// Makes registered users friends without a request, in the store, as demo data or an app's own decision does:
    /// for tests whose subject is not how a friendship is made. Nobody is told (no friend_added push): a client
    /// signed in already learns of it from the conversation's messages or its next login.
    /// </summary>
    public async Task MakeFriendsAsync(params string[] userIds)
    {
        var store = Get<Relink.Storage.IChatStore>();
        for (int i = 0; i < userIds.Length; i++)
        {
            for (int j = i + 1; j < userIds.Length; j++)
            {
                await store.AddFriendshipAsync(userIds[i], userIds[j], TimeProvider.System.GetUtcNow());
            }
        }
    }

    /// <summary>
    /// Loses every push to <paramref name="userId"/>'s one session while <paramref name="meanwhile"/> runs: the session
    /// leaves the router and comes back bound to <paramref name="groupIds"/>, its link untouched. What is stored
    /// meanwhile reaches it only by a catch-up the client starts (the store sync), never by a push.
    /// </summary>
    public async Task DropPushesToAsync(string userId, IEnumerable<string> groupIds, Func<Task> meanwhile)
    {
        var sessions = Get<SessionRegistry>();
        var session = sessions.SessionsOf(userId).Single();
        sessions.Unbind(session);
        try
        {
            await meanwhile();
        }
        finally
        {
            sessions.Bind(session, groupIds);
        }
    }

    /// <summary>
    /// Starts a server. <paramref name="args"/> are extra server flags (e.g. "--heartbeat-interval", "1s");
    /// <paramref name="time"/> replaces the clock; <paramref name="dataDirectory"/> reuses a folder;
    /// <paramref name="services"/> adds services (a log recorder, say).
    /// </summary>
    public static async Task<TestServer> StartAsync(string[]? args = null, TimeProvider? time = null, string? dataDirectory = null, Action<IServiceCollection>? services = null)
    {
        var owned = dataDirectory is null ? new TempDirectory() : null;
        var server = new TestServer(dataDirectory ?? owned!.Path, owned, args ?? [], time, services);
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the server again after <see cref="StopAsync"/>, on the same ports and data.</summary>
    public async Task StartAgainAsync()
    {
        string[] args =
        [
            "--bind", "127.0.0.1",
            "--tcp-port", TcpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--http-port", HttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--data", DataDirectory,
            "--no-demo",
            "--Relink:PasswordHashIterations=1000", // real PBKDF2, cheap enough for hundreds of test logins
            "--Relink:Limits:LoginBurstPerAddress=0", // every test logs in from 127.0.0.1; limit tests turn it back on
            "--Logging:LogLevel:Default=Warning",
            .. _extraArgs,
        ];
        _app = RelinkServerHost.Build(args, builder =>
        {
            if (_time is not null)
            {
                builder.Services.AddSingleton(_time);
            }

            _services?.Invoke(builder.Services);
        });
        await _app.StartAsync();
    }

    /// <summary>Stops the server gracefully (connections close, the store flushes and closes).</summary>
    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _ownedData?.Dispose();
    }
}
