using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Time.Testing;
using Relink.Protocol.Messages;
using Relink.Testing;
using Wire = Relink.Protocol.Messages;

namespace Relink.Client.Tests.Fakes;

/// <summary>
/// Builders for the protocol objects tests script, and a client wired to a fake server. The fake server speaks the
/// wire types (<c>Wire.*</c>); what the client hands the test are the SDK's own records of the same names.
/// </summary>
internal static class Scenario
{
    public static readonly DateTimeOffset ServerClock = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// A client for <paramref name="server"/>, on a manual clock unless one is given. It reconnects on the plain
    /// exponential schedule (1 s, 2 s, 4 s…, no jitter) and hears no network changes but the test's.
    /// </summary>
    public static RelinkClient Client(FakeServer server, FakeTimeProvider? time = null, Func<RelinkClientOptions, RelinkClientOptions>? configure = null) =>
        Client(server.Address, time, configure);

    /// <inheritdoc cref="Client(FakeServer, FakeTimeProvider?, Func{RelinkClientOptions, RelinkClientOptions}?)"/>
    public static RelinkClient Client(string address, FakeTimeProvider? time = null, Func<RelinkClientOptions, RelinkClientOptions>? configure = null)
    {
        var options = new RelinkClientOptions
        {
            Server = address,
            DeviceId = "test-device",
            TimeProvider = time ?? new FakeTimeProvider(),
            ReconnectPolicy = new ExponentialBackoffReconnectPolicy(jitter: ReconnectJitter.None),
            NetworkChanges = null,
        };
        return new RelinkClient(configure?.Invoke(options) ?? options);
    }

    /// <summary>
    /// Plays the server's side of a reconnect attempt: accepts the connection, expects a resume with
    /// <paramref name="expectedToken"/>, and answers with <paramref name="state"/> (alice, token-2 by default).
    /// </summary>
    public static async Task<FakeConnection> ResumeAsync(FakeServer server, string expectedToken = "token-1", LoginResponse? state = null)
    {
        FakeConnection connection = await server.AcceptAsync();
        Envelope request = await connection.ExpectAsync(Envelope.BodyOneofCase.Resume);
        request.Resume.UserId.ShouldBe("alice");
        request.Resume.DeviceId.ShouldBe("test-device");
        request.Resume.ResumeToken.ShouldBe(expectedToken);
        await connection.ReplyAsync(request, new Envelope { ResumeOk = new ResumeResponse { State = state ?? WithToken(Login(), "token-2") } });
        return connection;
    }

    /// <summary>The login answer with another resume token (each resume answer carries a new one).</summary>
    public static LoginResponse WithToken(LoginResponse login, string token)
    {
        login.ResumeToken = token;
        return login;
    }

    /// <summary>Logs <paramref name="client"/> in as alice against the fake, which answers with <paramref name="login"/>.</summary>
    public static async Task<FakeConnection> LoginAsync(RelinkClient client, FakeServer server, LoginResponse? login = null)
    {
        Task<SessionState> loggingIn = client.LoginAsync("alice", "secret-password");
        FakeConnection connection = await server.AcceptAsync();
        Envelope request = await connection.ExpectAsync(Envelope.BodyOneofCase.Login);
        await connection.ReplyAsync(request, new Envelope { LoginOk = login ?? Login() });
        await Eventually.WithinAsync(loggingIn, "the login to complete");
        return connection;
    }

    /// <summary>A login answer for alice with the given talks.</summary>
    public static LoginResponse Login(params Wire.Talk[] talks)
    {
        var login = new LoginResponse
        {
            Profile = Alice,
            Heartbeat = new Wire.HeartbeatSettings { IntervalMs = 10_000, TimeoutMs = 30_000 },
            ServerTime = Timestamp.FromDateTimeOffset(ServerClock),
            SessionId = "session-1",
            ResumeToken = "token-1",
        };
        login.Talks.AddRange(talks);
        return login;
    }

    public static Wire.UserProfile Alice => new() { UserId = "alice", Nickname = "Alice" };

    public static Wire.UserProfile Bob => new() { UserId = "bob", Nickname = "Bob" };

    /// <summary>The 1:1 conversation with <paramref name="userId"/>, as the wire names it.</summary>
    public static Wire.Peer UserPeer(string userId) => new() { Kind = Wire.ConversationKind.Direct, Id = userId };

    /// <summary>The conversation of group <paramref name="groupId"/>, as the wire names it.</summary>
    public static Wire.Peer GroupPeer(string groupId) => new() { Kind = Wire.ConversationKind.Group, Id = groupId };

    /// <summary>The conversation id of alice and bob.</summary>
    public const string AliceBob = "d:alice:bob";

    /// <summary>Message <paramref name="seq"/> from bob to alice.</summary>
    public static Wire.ChatMessage FromBob(long seq, string? text = null, string clientMsgId = "") =>
        Direct(Bob, seq, text ?? $"bob {seq}", clientMsgId);

    /// <summary>Message <paramref name="seq"/> from alice to bob, as stored.</summary>
    public static Wire.ChatMessage FromAlice(long seq, string text, string clientMsgId) => Direct(Alice, seq, text, clientMsgId);

    // Alice's conversation with bob, as alice sees it (the peer is bob whoever sent it).
    private static Wire.ChatMessage Direct(Wire.UserProfile sender, long seq, string text, string clientMsgId) => new()
    {
        Id = 1000 + seq,
        ConversationId = AliceBob,
        Peer = UserPeer("bob"),
        Seq = seq,
        Sender = sender,
        Type = Wire.MessageType.Text,
        Text = text,
        SentAt = Timestamp.FromDateTimeOffset(ServerClock.AddSeconds(seq)),
        ClientMsgId = clientMsgId,
    };

    /// <summary>An edit or recall event at <paramref name="seq"/> in alice's talk with bob, changing <paramref name="target"/>.</summary>
    public static Wire.ChatMessage Change(Wire.MessageType type, Wire.UserProfile sender, long seq, long target, string text = "")
    {
        var change = Direct(sender, seq, text, "");
        change.Type = type;
        change.TargetSeq = target;
        return change;
    }

    /// <summary>Message <paramref name="seq"/> of group <paramref name="groupId"/> from bob.</summary>
    public static Wire.ChatMessage InGroup(string groupId, long seq) => new()
    {
        Id = 5000 + seq,
        ConversationId = "g:" + groupId,
        Peer = GroupPeer(groupId),
        Seq = seq,
        Sender = Bob,
        Type = Wire.MessageType.Text,
        Text = $"group {groupId} #{seq}",
        SentAt = Timestamp.FromDateTimeOffset(ServerClock.AddSeconds(seq)),
    };

    /// <summary>Alice's talk with bob: delivered up to <paramref name="deliveredSeq"/>, with these latest messages.</summary>
    public static Wire.Talk TalkWithBob(long deliveredSeq, long lastSeq, params Wire.ChatMessage[] latest)
    {
        var talk = new Wire.Talk
        {
            Peer = UserPeer("bob"),
            ConversationId = AliceBob,
            Name = "Bob",
            LastSeq = lastSeq,
            DeliveredSeq = deliveredSeq,
        };
        talk.Latest.AddRange(latest);
        return talk;
    }

    /// <summary>Alice's talk in a group: delivered up to <paramref name="deliveredSeq"/>, no latest messages.</summary>
    public static Wire.Talk GroupTalk(string groupId, long deliveredSeq, long lastSeq) => new()
    {
        Peer = GroupPeer(groupId),
        ConversationId = "g:" + groupId,
        Name = "group " + groupId,
        LastSeq = lastSeq,
        DeliveredSeq = deliveredSeq,
    };

    /// <summary>The answer to a send_message from alice: stored as <paramref name="seq"/> with the request's id and text.</summary>
    public static Envelope SendOk(Envelope send, long seq) => new()
    {
        SendMessageOk = new SendMessageResponse { Message = FromAlice(seq, send.SendMessage.Text, send.SendMessage.ClientMsgId) },
    };

    /// <summary>A history page answer.</summary>
    public static Envelope History(long lastSeq, bool hasMore, params Wire.ChatMessage[] messages)
    {
        var page = new HistoryResponse { LastSeq = lastSeq, HasMore = hasMore };
        page.Messages.AddRange(messages);
        return new Envelope { HistoryOk = page };
    }

    /// <summary>The next <paramref name="count"/> messages from <see cref="RelinkClient.ReadMessagesAsync"/>, in order.</summary>
    public static async Task<List<ChatMessage>> ReadAsync(RelinkClient client, int count)
    {
        var messages = new List<ChatMessage>();
        using var deadline = new CancellationTokenSource(Eventually.DefaultTimeout);
        await foreach (var message in client.ReadMessagesAsync(deadline.Token))
        {
            messages.Add(message);
            if (messages.Count == count)
            {
                break;
            }
        }

        return messages;
    }

    /// <summary>Collects MessageReceived in order, and lets a test await a count.</summary>
    public static ReceivedMessages Record(RelinkClient client) => new(client);
}

/// <summary>The messages a client raised, in order.</summary>
internal sealed class ReceivedMessages
{
    private readonly List<ChatMessage> _messages = [];

    public ReceivedMessages(RelinkClient client)
    {
        client.MessageReceived += (_, message) =>
        {
            lock (_messages)
            {
                _messages.Add(message);
            }
        };
    }

    public IReadOnlyList<long> Seqs
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages.Select(m => m.Seq)];
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_messages)
            {
                return _messages.Count;
            }
        }
    }

    public Task CountAsync(int count) => Eventually.TrueAsync(() => Count >= count, $"{count} messages to be received (have {Count})");
}
