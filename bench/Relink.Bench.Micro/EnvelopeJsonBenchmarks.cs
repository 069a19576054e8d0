using BenchmarkDotNet.Attributes;
using Relink.Protocol;
using Relink.Protocol.Messages;

namespace Relink.Bench.Micro;

/// <summary>The JSON text encoding used by browsers over WebSocket, for comparison with the binary frames.</summary>
[MemoryDiagnoser]
public class EnvelopeJsonBenchmarks
{
    private Envelope _envelope = null!;
    private string _json = null!;

    /// <summary>Which envelope is encoded.</summary>
    [Params(Payload.SendMessage, Payload.MessagePush)]
    public Payload Payload { get; set; }

    /// <summary>Builds the envelope and its JSON once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _envelope = Payloads.Create(Payload);
        _json = EnvelopeJson.Format(_envelope);
    }

    /// <summary>Envelope to canonical JSON.</summary>
    [Benchmark]
    public string Format() => EnvelopeJson.Format(_envelope);

    /// <summary>Canonical JSON to envelope.</summary>
    [Benchmark]
    public Envelope Parse() => EnvelopeJson.Parse(_json);
}
