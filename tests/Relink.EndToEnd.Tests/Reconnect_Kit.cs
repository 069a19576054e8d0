using System.Collections.Concurrent;
using Relink.Client;
using Relink.Testing.Server;

namespace Relink.EndToEnd.Tests;

/// <summary>Accounts and reconnecting SDK clients for the Reconnect_* tests.</summary>
internal static class ReconnectKit
{
    /// <summary>
    /// Every `relink` process these tests start keeps its state (cursors, unsent messages) in one folder per test run,
    /// not in the home folder of whoever runs the tests: a later run must not meet an earlier run's state.
    /// </summary>
#pragma warning disable CA2255 // A test assembly is the program here: this is its process-wide setup.
    [System.Runtime.CompilerServices.ModuleInitializer]
#pragma warning restore CA2255
    internal static void IsolateCliState()
    {
        var home = new Testing.TempDirectory();
        Environment.SetEnvironmentVariable("RELINK_HOME", home.Path);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => home.Dispose();
    }

    /// <summary>Short heartbeats (so dead links show in seconds) and a quick goodbye spread on shutdown.</summary>
    public static readonly string[] ServerFlags = ServerCluster.QuickFlags;

    /// <summary>Backoff for tests: the default shape (doubling, full jitter), from 100 ms up to 1 s.</summary>
    public static IReconnectPolicy QuickBackoff() => new ExponentialBackoffReconnectPolicy(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));

    /// <summary>Registers users (all friends of each other) and returns their ids.</summary>
    public static Task<string[]> FriendsAsync(TestServer server, params string[] names) => FriendsAsync(server.TcpEndpoint, names);

    /// <summary>Registers users (all friends of each other) through <paramref name="endpoint"/> and returns their ids.</summary>
    public static async Task<string[]> FriendsAsync(string endpoint, params string[] names)
    {
        string[] ids = await RegisterAsync(endpoint, names);

        // Each asks every other: the second ask of a pair crosses the first, and crossing requests make friends.
        for (int i = 0; i < ids.Length; i++)
        {
            await using var client = await LoginAsync(endpoint, ids[i], device: "setup");
            foreach (string friend in ids.Where(other => other != ids[i]))
            {
                await client.AddFriendAsync(friend);
            }
        }

        return ids;
    }

    /// <summary>Registers a user per name (each a unique id made from it) through one setup connection and returns their ids.</summary>
    public static async Task<string[]> RegisterAsync(string endpoint, IEnumerable<string> names)
    {
        string[] ids = [.. names.Select(Clients.UniqueId)];
        await using var setup = new RelinkClient(new RelinkClientOptions { Server = endpoint, ReconnectPolicy = null, NetworkChanges = null });
        await setup.ConnectAsync();
        foreach (string id in ids)
        {
            await setup.RegisterAsync(id, Clients.Password, nickname: "Nick " + id);
        }

        return ids;
    }

    /// <summary>A logged-in client on <paramref name="endpoint"/> (the server, or a proxy in front of it).</summary>
    public static async Task<RelinkClient> LoginAsync(string endpoint, string userId, string device = "e2e", Func<RelinkClientOptions, RelinkClientOptions>? configure = null)
    {
        var client = Client(endpoint, device, configure);
        await client.LoginAsync(userId, Clients.Password);
        return client;
    }

    /// <summary>A client for <paramref name="endpoint"/> that has not logged in yet, with the quick reconnect policy.</summary>
    public static RelinkClient Client(string endpoint, string device = "e2e", Func<RelinkClientOptions, RelinkClientOptions>? configure = null)
    {
        var options = new RelinkClientOptions
        {
            Server = endpoint,
            DeviceId = device,
            ReconnectPolicy = QuickBackoff(),
            NetworkChanges = null,
        };
        return new RelinkClient(configure?.Invoke(options) ?? options);
    }

    /// <summary>"127.0.0.1:port" for a proxy.</summary>
    public static string Via(Testing.TcpFaultProxy proxy) => $"127.0.0.1:{proxy.Port}";
}

/// <summary>Watches a client's states and the sessions it gets back, for awaiting them.</summary>
internal sealed class SessionWatch
{
    private readonly RelinkClient _client;
    private readonly ConcurrentQueue<ConnectionState> _states = new();
    private readonly ConcurrentQueue<SessionResumedEventArgs> _resumes = new();

    public SessionWatch(RelinkClient client)
    {
        _client = client;
        client.StateChanged += (_, change) => _states.Enqueue(change.Current);
        client.Resumed += (_, resumed) => _resumes.Enqueue(resumed);
    }

    public IReadOnlyList<ConnectionState> States => [.. _states];

    public IReadOnlyList<SessionResumedEventArgs> Resumes => [.. _resumes];

    /// <summary>Waits until the client has resumed <paramref name="count"/> times in all and is connected.</summary>
    public Task ResumedAsync(int count = 1, TimeSpan? timeout = null) =>
        Testing.Eventually.TrueAsync(
            () => _resumes.Count >= count && _client.State is ConnectionState.Connected,
            $"{count} resumes (have {_resumes.Count}; states: {string.Join(", ", _states.Select(s => s.Name))})",
            timeout);

    /// <summary>Waits for a state the client entered (now or before).</summary>
    public async Task<T> EnteredAsync<T>(Func<T, bool>? match = null)
        where T : ConnectionState
    {
        await Testing.Eventually.TrueAsync(() => _states.OfType<T>().Any(s => match?.Invoke(s) ?? true), $"a {typeof(T).Name} state (states: {string.Join(", ", _states.Select(s => s.Name))})");
        return _states.OfType<T>().Last(s => match?.Invoke(s) ?? true);
    }
}

/// <summary>A policy that remembers being asked: if it never was, the client never meant to reconnect.</summary>
internal sealed class RecordingPolicy(IReconnectPolicy inner) : IReconnectPolicy
{
    private int _asked;

    public int Asked => Volatile.Read(ref _asked);

    public TimeSpan? NextDelay(ReconnectContext context)
    {
        Interlocked.Increment(ref _asked);
        return inner.NextDelay(context);
    }
}

internal static class ReceivedTexts
{
    /// <summary>The texts of the next <paramref name="count"/> messages, in delivery order.</summary>
    public static async Task<List<string>> NextAsync(RelinkClient client, int count) =>
        [.. (await Clients.ReceiveAsync(client, count)).Select(m => m.Text)];

    /// <summary>Sends each text in turn without waiting, and then waits for all: the outbox keeps the order.</summary>
    public static async Task<ChatMessage[]> SendAllAsync(RelinkClient client, Peer to, IEnumerable<string> texts) =>
        await Task.WhenAll(texts.Select(t => client.SendTextAsync(to, t)).ToList());
}
