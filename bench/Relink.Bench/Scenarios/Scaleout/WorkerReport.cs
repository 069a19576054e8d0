using System.Globalization;
using System.Threading.Channels;

namespace Relink.Bench.Scenarios.Scaleout;

/// <summary>
/// The lines a load worker prints for the bench process, one event a line: <c>R at text</c> (received), <c>D i at</c>
/// (load client i dropped), <c>B i at</c> (back, resumed), <c>A i at</c> (back with a new login), <c>G reason</c> (gave up), then the setup's end, <c>READY count at</c>,
/// or <c>FAIL reason</c>. Times are <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> in the worker, the same
/// monotonic clock as the bench's on Linux.
/// </summary>
internal static class WorkerReport
{
    /// <summary>
    /// In the worker: the events, queued as lines and written to standard output by one writer task. A client's event
    /// handler never waits for the pipe: when thousands of clients drop at once and the bench reads slower than they
    /// report, a blocking write would hold the very threads that answer the servers' heartbeats, and the worker's
    /// other clients would drop too. The queue holds at most the run's events (its timestamps are taken at the event,
    /// so waiting in it changes no measurement).
    /// </summary>
    public sealed class Writer : IScaleoutEvents
    {
        private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        private readonly Task _writing;

        /// <summary>Starts the writer task on standard output.</summary>
        public Writer() => _writing = WriteAsync();

        /// <inheritdoc />
        public void Received(string text, long at) => Line("R " + Number(at) + " " + text);

        /// <inheritdoc />
        public void Dropped(int client, long at) => Line("D " + Number(client) + " " + Number(at));

        /// <inheritdoc />
        public void Back(int client, long at, bool loggedInAgain) => Line((loggedInAgain ? "A " : "B ") + Number(client) + " " + Number(at));

        /// <inheritdoc />
        public void StoppedForGood(string reason) => Line("G " + OneLine(reason));

        /// <summary>The setup is done: <paramref name="count"/> clients connected and logged in.</summary>
        public void Ready(int count, long at) => Line("READY " + Number(count) + " " + Number(at));

        /// <summary>The setup failed.</summary>
        public void Fail(string reason) => Line("FAIL " + OneLine(reason));

        /// <summary>Writes what is queued and stops the writer.</summary>
        public async Task CompleteAsync()
        {
            _lines.Writer.TryComplete();
            await _writing;
        }

        private void Line(string line) => _lines.Writer.TryWrite(line);

        private async Task WriteAsync()
        {
            await using var output = new StreamWriter(Console.OpenStandardOutput(), bufferSize: 64 * 1024) { AutoFlush = false };
            var reader = _lines.Reader;
            while (await reader.WaitToReadAsync())
            {
                while (reader.TryRead(out string? line))
                {
                    await output.WriteLineAsync(line);
                }

                await output.FlushAsync(); // the queue is empty: what there is goes to the bench now
            }
        }
    }

    /// <summary>In the bench: files one line from a worker with <paramref name="events"/>; returns the setup's end if this line says it.</summary>
    /// <returns>null for an event line, else how the setup ended.</returns>
    public static SetupEnd? Read(string line, IScaleoutEvents events)
    {
        // READY and FAIL first: their first letters are not event tags, but R is.
        if (line.StartsWith("READY ", StringComparison.Ordinal))
        {
            return new SetupEnd(long.Parse(line.AsSpan(line.LastIndexOf(' ') + 1), CultureInfo.InvariantCulture), null);
        }

        if (line.StartsWith("FAIL ", StringComparison.Ordinal))
        {
            return new SetupEnd(0, line[5..]);
        }

        var rest = line.Length > 2 ? line.AsSpan(2) : default;
        switch (line.Length > 2 && line[1] == ' ' ? line[0] : ' ')
        {
            case 'R':
                int space = rest.IndexOf(' ');
                events.Received(line[(2 + space + 1)..], long.Parse(rest[..space], CultureInfo.InvariantCulture));
                return null;
            case 'D' or 'B' or 'A':
                int gap = rest.IndexOf(' ');
                int client = int.Parse(rest[..gap], CultureInfo.InvariantCulture);
                long at = long.Parse(rest[(gap + 1)..], CultureInfo.InvariantCulture);
                if (line[0] == 'D')
                {
                    events.Dropped(client, at);
                }
                else
                {
                    events.Back(client, at, loggedInAgain: line[0] == 'A');
                }

                return null;
            case 'G':
                events.StoppedForGood(line[2..]);
                return null;
        }

        return null; // anything else a library printed: not ours
    }

    private static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}

/// <summary>How a load worker's setup ended.</summary>
/// <param name="ReadyAt">When its clients were all logged in (its timestamp), if they were.</param>
/// <param name="Failure">Why it failed, if it did.</param>
internal readonly record struct SetupEnd(long ReadyAt, string? Failure);
