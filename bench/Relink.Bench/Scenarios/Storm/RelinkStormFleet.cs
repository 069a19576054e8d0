using System.Globalization;
using Relink.Client;

namespace Relink.Bench.Scenarios.Storm;

/// <summary>
/// Relink's storm clients: the real SDK with its default reconnect policy (exponential backoff with full jitter), as an
/// app runs it; back = <see cref="RelinkClient.Resumed"/>. Lean clients would not measure Relink's reconnect.
/// </summary>
/// <param name="endpoint">The server's TCP endpoint.</param>
/// <param name="recorder">Where the clients' events are counted.</param>
/// <param name="concurrency">Logins in flight at once during the setup.</param>
/// <param name="withCredentials">Give each client its password (<see cref="RelinkClientOptions.CredentialsProvider"/>), as an app
/// that remembers it does: a client whose token is refused logs in again instead of stopping.</param>
internal sealed class RelinkStormFleet(string endpoint, StormRecorder recorder, int concurrency, bool withCredentials) : IStormFleet
{
    private const string Password = "storm-password";

    private readonly RelinkClient?[] _clients = new RelinkClient?[recorder.Clients];

    /// <inheritdoc />
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, recorder.Clients, parallel, async (i, token) =>
        {
            // Events only (no inbox to read): every delivery is counted as the SDK raises it.
            var credentials = new Credentials(UserId(i), Password);
            var client = new RelinkClient(new RelinkClientOptions
            {
                Server = endpoint,
                DeviceId = "storm",
                NetworkChanges = null,
                InboxCapacity = 0,
                CredentialsProvider = withCredentials ? _ => ValueTask.FromResult<Credentials?>(credentials) : null,
            });
            _clients[i] = client;
            await client.RegisterAsync(UserId(i), Password, cancellationToken: token);
            await client.LoginAsync(UserId(i), Password, token);
            Watch(i, client);
        });

        // Relink only delivers between friends, and friendship takes both users' consent: each client asks its
        // partner, then each partner accepts.
        await Parallel.ForAsync(0, recorder.Clients, parallel, async (i, token) =>
            await _clients[i]!.AddFriendAsync(UserId(recorder.PartnerOf(i)), token));
        await Parallel.ForAsync(0, recorder.Clients, parallel, async (i, token) =>
            await _clients[recorder.PartnerOf(i)]!.AcceptFriendAsync(UserId(i), token));
    }

    /// <inheritdoc />
    public void SendBeforeKill()
    {
        for (int i = 0; i < _clients.Length; i++)
        {
            Send(i, StormMessage.BeforeKill);
        }
    }

    private void Watch(int i, RelinkClient client)
    {
        client.MessageReceived += (_, message) => recorder.Delivered(message.Text);
        client.StateChanged += (_, change) =>
        {
            if (change.Current is ConnectionState.Connecting)
            {
                recorder.Attempt();
            }
            else if (change.Current is ConnectionState.Reconnecting reconnecting)
            {
                recorder.Waiting(reconnecting.LastError, reconnecting.DelayFrom(DateTimeOffset.UtcNow));
            }
            else if (change.Current is ConnectionState.Stopped stopped)
            {
                recorder.GaveUp(i, stopped.Description);
            }
        };
        client.Resumed += (_, resumed) =>
        {
            if (recorder.Back(i, resumed.LoggedInAgain))
            {
                Send(i, StormMessage.AfterReturn);
            }
        };
    }

    private void Send(int i, StormMessage kind) =>
        recorder.Track(kind, i, _clients[i]!.SendTextAsync(Relink.Client.Peers.User(UserId(recorder.PartnerOf(i))), StormRecorder.Text(kind, i)));

    private static string UserId(int i) => "storm" + i.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var chunk in _clients.OfType<RelinkClient>().Chunk(200))
        {
            await Task.WhenAll(chunk.Select(c => c.DisposeAsync().AsTask()));
        }
    }
}
