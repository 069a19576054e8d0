using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Relink.Client.Link;
using Relink.Client.Transport;
using Relink.Protocol.Messages;
using Relink.Testing;

namespace Relink.Client.Tests;

/// <summary>
/// How a link tells a dropped connection from a failure of the client itself: the reason it ends with is what the
/// state (Disconnected, Reconnecting) shows the application, so a bug must not read as a network drop.
/// </summary>
public class LinkFailure_Tests
{
    [Fact]
    public async Task A_read_failing_with_a_socket_error_ends_the_link_as_a_lost_connection()
    {
        var transport = new ScriptedTransport();
        var (link, closed) = Start(transport);

        transport.FailReceive(new IOException("Unable to read data from the transport connection.", new SocketException((int)SocketError.ConnectionReset)));

        string reason = await Eventually.WithinAsync(closed, "the link to end");
        reason.ShouldStartWith("the connection was lost");
        await link.DisposeAsync();
    }

    [Fact]
    public async Task A_read_failing_with_an_invalid_operation_ends_the_link_as_a_client_failure_not_a_drop()
    {
        var transport = new ScriptedTransport();
        var (link, closed) = Start(transport);

        // What a pipe or socket says when this client misuses it (two reads at once, a read after completing it).
        transport.FailReceive(new InvalidOperationException("Concurrent reads or writes are not supported."));

        string reason = await Eventually.WithinAsync(closed, "the link to end");
        reason.ShouldStartWith("the client failed");
        reason.ShouldNotContain("connection was lost");
        await link.DisposeAsync();
    }

    [Fact]
    public async Task A_write_torn_down_by_the_link_closing_fails_the_request_as_a_connection_loss()
    {
        var transport = new ScriptedTransport();
        var (link, closed) = Start(transport);

        // The write is under way when the link is aborted; the transport, disposed under it, fails the write as a
        // completed pipe does.
        Task<Envelope> request = link.RequestAsync(new Envelope { Ping = new Ping() }, TimeSpan.FromMinutes(1), null, CancellationToken.None);
        await transport.WriteStarted.WaitAsync(Eventually.DefaultTimeout);
        link.Abort("the heartbeat gave up");
        transport.FailSend(new InvalidOperationException("Writing is not allowed after writer was completed."));

        var failure = await Should.ThrowAsync<RelinkConnectionException>(() => request.WaitAsync(Eventually.DefaultTimeout));
        failure.Message.ShouldContain("the heartbeat gave up");
        (await Eventually.WithinAsync(closed, "the link to end")).ShouldBe("the heartbeat gave up");
        await link.DisposeAsync();
    }

    private static (ClientLink Link, Task<string> Closed) Start(ScriptedTransport transport)
    {
        var closed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var link = new ClientLink(transport, TimeProvider.System, NullLogger.Instance, (_, _) => { }, (_, reason, _) => closed.TrySetResult(reason));
        link.Start();
        return (link, closed.Task);
    }

    /// <summary>A transport whose reads and writes fail when the test says so.</summary>
    private sealed class ScriptedTransport : IClientTransport
    {
        private readonly TaskCompletionSource<Envelope?> _received = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _sent = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _writeStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task WriteStarted => _writeStarted.Task;

        public void FailReceive(Exception error) => _received.TrySetException(error);

        public void FailSend(Exception error) => _sent.TrySetException(error);

        public async ValueTask SendAsync(Envelope envelope, CancellationToken cancellationToken)
        {
            // Like a flush waiting on a full socket: only the test (or nothing) ends it, not the link's cancellation.
            _writeStarted.TrySetResult();
            await _sent.Task;
        }

        public async ValueTask<Envelope?> ReceiveAsync(CancellationToken cancellationToken) => await _received.Task.WaitAsync(cancellationToken);

        public ValueTask CloseAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
