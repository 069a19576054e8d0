using System.Globalization;

namespace Relink.Bench.Scenarios.Scaleout;

/// <summary>
/// The lines a load worker prints for the bench process, one event a line: <c>R at text</c> (received), <c>D i at</c>
/// (load client i dropped), <c>B i at</c> (back), <c>G reason</c> (gave up), then the setup's end, <c>READY count at</c>,
/// or <c>FAIL reason</c>. Times are <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> in the worker, the same
/// monotonic clock as the bench's on Linux.
/// </summary>
internal static class WorkerReport
{
    /// <summary>In the worker: the events, written as lines to standard output (Console.Out is synchronized and flushes each line).</summary>
    public sealed class Writer : IScaleoutEvents
    {
        /// <inheritdoc />
        public void Received(string text, long at) => Console.Out.WriteLine("R " + Number(at) + " " + text);

        /// <inheritdoc />
        public void Dropped(int client, long at) => Console.Out.WriteLine("D " + Number(client) + " " + Number(at));

        /// <inheritdoc />
        public void Back(int client, long at) => Console.Out.WriteLine("B " + Number(client) + " " + Number(at));

        /// <inheritdoc />
        public void StoppedForGood(string reason) => Console.Out.WriteLine("G " + OneLine(reason));

        /// <summary>The setup is done: <paramref name="count"/> clients connected and logged in.</summary>
        public static void Ready(int count, long at) => Console.Out.WriteLine("READY " + Number(count) + " " + Number(at));

        /// <summary>The setup failed.</summary>
        public static void Fail(string reason) => Console.Out.WriteLine("FAIL " + OneLine(reason));
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
            case 'D' or 'B':
                int gap = rest.IndexOf(' ');
                int client = int.Parse(rest[..gap], CultureInfo.InvariantCulture);
                long at = long.Parse(rest[(gap + 1)..], CultureInfo.InvariantCulture);
                if (line[0] == 'D')
                {
                    events.Dropped(client, at);
                }
                else
                {
                    events.Back(client, at);
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
