using System.Net;
using Relink.Protocol.Messages;
using Relink.Server.Connections;
using Relink.Server.Sessions;

namespace Relink.Server.Tests.Connections;

/// <summary>The connection's outbound side: frames start a drain on demand; no send loop waits on an idle link.</summary>
public sealed class ClientConnection_Sending_Tests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private sealed class RecordingConnection(int capacity) : ClientConnection("test", new IPEndPoint(IPAddress.Loopback, 1), capacity, TimeProvider.System)
    {
        private readonly List<uint> _written = [];
        private int _writers;

        /// <summary>Completed by the test to let writes proceed; null writes at once.</summary>
        public TaskCompletionSource? Gate { get; set; }

        public Exception? FailWith { get; set; }

        public int Flushes;

        public bool SawConcurrentWriters { get; private set; }

        public List<uint> Written
        {
            get
            {
                lock (_written)
                {
                    return [.. _written];
                }
            }
        }

        public Task SendingEnded => WhenSendingEnded();

        protected override async ValueTask WriteAsync(OutboundFrame frame, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _writers) > 1)
            {
                SawConcurrentWriters = true;
            }

            try
            {
                if (FailWith is { } failure)
                {
                    throw failure;
                }

                if (Gate is { } gate)
                {
                    await gate.Task;
                }
                else if (frame.Envelope.RequestId % 7 == 0)
                {
                    await Task.Yield(); // some writes complete asynchronously, as a busy socket's would
                }

                lock (_written)
                {
                    _written.Add(frame.Envelope.RequestId);
                }
            }
            finally
            {
                Interlocked.Decrement(ref _writers);
            }
        }

        protected override ValueTask FlushAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Flushes);
            return ValueTask.CompletedTask;
        }

        protected override void StopReceiving()
        {
        }

        protected override void AbortTransport()
        {
        }
    }

    private static OutboundFrame Frame(uint id) => new(new Envelope { RequestId = id });

    [Fact]
    public async Task Frames_sent_from_several_threads_are_all_written_one_writer_at_a_time_in_each_senders_order()
    {
        const int senders = 4;
        const int perSender = 2_000;
        var connection = new RecordingConnection(senders * perSender);

        await Task.WhenAll(Enumerable.Range(0, senders).Select(s => Task.Run(() =>
        {
            for (int i = 1; i <= perSender; i++)
            {
                connection.Send(Frame((uint)(s * 100_000 + i))).ShouldBeTrue();
            }
        })));
        connection.Close(CloseReason.ServerShutdown);
        await connection.SendingEnded.WaitAsync(Deadline);

        var written = connection.Written;
        written.Count.ShouldBe(senders * perSender);
        connection.SawConcurrentWriters.ShouldBeFalse();
        for (int s = 0; s < senders; s++)
        {
            written.Where(id => id / 100_000 == s).ShouldBe(Enumerable.Range(1, perSender).Select(i => (uint)(s * 100_000 + i)));
        }

        connection.Flushes.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Closing_writes_what_was_queued_before_sending_ends_and_refuses_later_frames()
    {
        var connection = new RecordingConnection(64) { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        for (uint id = 1; id <= 5; id++)
        {
            connection.Send(Frame(id)).ShouldBeTrue();
        }

        connection.Close(CloseReason.ServerShutdown);
        connection.Send(Frame(6)).ShouldBeFalse();
        var ended = connection.SendingEnded;
        ended.IsCompleted.ShouldBeFalse(); // the writer is held at the gate with frames still queued

        connection.Gate.SetResult();
        await ended.WaitAsync(Deadline);
        connection.Written.ShouldBe([1u, 2u, 3u, 4u, 5u]);
    }

    [Fact]
    public async Task An_idle_connection_that_closes_ends_sending_at_once()
    {
        var connection = new RecordingConnection(16);

        connection.Close(CloseReason.ClientClosed);

        await connection.SendingEnded.WaitAsync(Deadline);
        connection.Written.ShouldBeEmpty();
    }

    public static TheoryData<Exception> LinkFailures() => new()
    {
        new IOException("connection reset"),
        new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionReset),
        new Microsoft.AspNetCore.Connections.ConnectionResetException("reset by peer"),
        new System.Net.WebSockets.WebSocketException(System.Net.WebSockets.WebSocketError.ConnectionClosedPrematurely),
        new ObjectDisposedException("WebSocket"),
    };

    [Theory]
    [MemberData(nameof(LinkFailures))]
    public async Task A_socket_kestrel_or_websocket_failure_while_writing_ends_sending_and_aborts_as_a_dropped_link(Exception failure)
    {
        var connection = new RecordingConnection(16) { FailWith = failure };
        var ended = connection.SendingEnded;

        connection.Send(Frame(1));

        await ended.WaitAsync(Deadline);
        connection.IsClosing.ShouldBeTrue();
        connection.CloseReason.ShouldBe(CloseReason.TransportError);
    }

    public static TheoryData<Exception> Bugs() => new()
    {
        new NotSupportedException("bug"),
        new InvalidOperationException("Writing is not allowed after writer was completed."), // never a network drop
    };

    [Theory]
    [MemberData(nameof(Bugs))]
    public async Task A_bug_while_writing_surfaces_when_sending_is_awaited_and_is_not_counted_as_a_dropped_link(Exception bug)
    {
        var connection = new RecordingConnection(16) { FailWith = bug };

        connection.Send(Frame(1));

        await Should.ThrowAsync(() => connection.SendingEnded.WaitAsync(Deadline), bug.GetType());
        connection.CloseReason.ShouldNotBe(CloseReason.TransportError);
    }
}
