using System.Buffers;
using BenchmarkDotNet.Attributes;
using Relink.Protocol;
using Relink.Protocol.Messages;

namespace Relink.Bench.Micro;

/// <summary>Framing one envelope into a reused buffer, as a connection's send loop does into its PipeWriter.</summary>
[MemoryDiagnoser]
public class FrameWriterBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(4096);
    private Envelope _envelope = null!;

    /// <summary>Which envelope is written.</summary>
    [Params(Payload.SendMessage, Payload.MessagePush)]
    public Payload Payload { get; set; }

    /// <summary>Builds the envelope once.</summary>
    [GlobalSetup]
    public void Setup() => _envelope = Payloads.Create(Payload);

    /// <summary>Length header plus protobuf body.</summary>
    [Benchmark]
    public int WriteFrame()
    {
        _output.ResetWrittenCount();
        return FrameWriter.WriteFrame(_output, _envelope);
    }
}
