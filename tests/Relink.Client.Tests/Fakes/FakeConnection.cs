using System.Threading.Channels;
using Relink.Protocol.Messages;
using Relink.Testing;
using Wire = Relink.Protocol.Messages;

namespace Relink.Client.Tests.Fakes;

/// <summary>
/// One client connection as the fake server sees it. A background loop reads every envelope the client sends
/// into a queue the test reads in order; when the client closes its side, the connection closes too (as the real
/// server does), so a polite client close completes.
/// </summary>
internal sealed class FakeConnection : IAsyncDisposable
{
    private readonly IFakeFrames _frames;
    private readonly Channel<Envelope> _received = Channel.CreateUnbounded<Envelope>();
    private readonly TaskCompletionSource _closedByClient = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _readLoop;

    public FakeConnection(IFakeFrames frames)
    {
        _frames = frames;
        _readLoop = ReadLoopAsync();
    }

    /// <summary>Completes when the client closed (or dropped) the connection.</summary>
    public Task ClosedByClient => _closedByClient.Task;

    /// <summary>The transport underneath, for raw writes.</summary>
    public IFakeFrames Frames => _frames;

    /// <summary>The next envelope the client sent.</summary>
    public Task<Envelope> ReceiveAsync(string what = "a frame from the client") =>
        Eventually.WithinAsync(_received.Reader.ReadAsync().AsTask(), what);

    /// <summary>The next envelope the client sent, which must have body <paramref name="expected"/>.</summary>
    public async Task<Envelope> ExpectAsync(Envelope.BodyOneofCase expected)
    {
        Envelope envelope = await ReceiveAsync($"a {expected} frame from the client");
        envelope.BodyCase.ShouldBe(expected, $"the client sent {envelope} while the test expected {expected}");
        return envelope;
    }

    /// <summary>Whether the client has sent something the test has not read yet.</summary>
    public bool HasUnread => _received.Reader.TryPeek(out _);

    /// <summary>Sends an envelope as it is (a push: request id 0).</summary>
    public Task SendAsync(Envelope envelope) => _frames.SendAsync(envelope);

    /// <summary>Answers <paramref name="request"/>: the answer carries its request id.</summary>
    public Task ReplyAsync(Envelope request, Envelope answer)
    {
        answer.RequestId = request.RequestId;
        return _frames.SendAsync(answer);
    }

    /// <summary>Answers <paramref name="request"/> with an Error.</summary>
    /// <param name="request">The request refused.</param>
    /// <param name="code">The SDK's code; it goes on the wire by number (the SDK's enum mirrors the protocol's), and
    /// the test sees whether the client maps it back.</param>
    /// <param name="message">The server's words.</param>
    /// <param name="field">For INVALID_ARGUMENT: the field.</param>
    public Task ReplyErrorAsync(Envelope request, ErrorCode code, string message, string field = "") =>
        ReplyAsync(request, new Envelope { Error = new Error { Code = (Wire.ErrorCode)(int)code, Message = message, Field = field } });

    /// <summary>Pushes a chat message.</summary>
    public Task PushAsync(Wire.ChatMessage message) => SendAsync(new Envelope { Message = new MessagePush { Message = message } });

    /// <summary>Closes the connection from the server's side.</summary>
    public async Task CloseAsync()
    {
        await _frames.CloseAsync();
        await DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _frames.DisposeAsync();
        await _readLoop;
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (await _frames.ReceiveAsync(_stop.Token) is { } envelope)
            {
                _received.Writer.TryWrite(envelope);
            }

            await _frames.CloseAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Dropped or disposed: the client is gone either way.
        }
        finally
        {
            _closedByClient.TrySetResult();
        }
    }
}
