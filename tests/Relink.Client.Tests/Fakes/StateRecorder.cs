using System.Threading.Channels;
using Relink.Testing;

namespace Relink.Client.Tests.Fakes;

/// <summary>Records a client's state changes in order, and lets a test await the next one of a kind.</summary>
internal sealed class StateRecorder
{
    private readonly Channel<ConnectionState> _changes = Channel.CreateUnbounded<ConnectionState>();
    private readonly List<ConnectionState> _all = [];

    public StateRecorder(RelinkClient client)
    {
        client.StateChanged += (_, change) =>
        {
            lock (_all)
            {
                _all.Add(change.Current);
            }

            _changes.Writer.TryWrite(change.Current);
        };
    }

    /// <summary>Every state entered so far, in order.</summary>
    public IReadOnlyList<ConnectionState> All
    {
        get
        {
            lock (_all)
            {
                return [.. _all];
            }
        }
    }

    /// <summary>The names of every state entered so far.</summary>
    public IReadOnlyList<string> Names => [.. All.Select(s => s.Name)];

    /// <summary>Skips to the next state of type <typeparamref name="T"/>, and returns it.</summary>
    public async Task<T> NextAsync<T>()
        where T : ConnectionState
    {
        while (true)
        {
            ConnectionState state = await Eventually.WithinAsync(_changes.Reader.ReadAsync().AsTask(), $"the {typeof(T).Name} state (so far: {string.Join(", ", Names)})");
            if (state is T wanted)
            {
                return wanted;
            }
        }
    }
}
