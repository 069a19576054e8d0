using System.Diagnostics;
using Google.Protobuf;
using Relink.Protocol;
using Relink.Protocol.Messages;

namespace Relink.Server.Sessions;

/// <summary>
/// One envelope on its way to one or more connections. A group message goes to a thousand members as one
/// <see cref="OutboundFrame"/>: it is serialised once per encoding, on first use, and the bytes are shared.
/// </summary>
public sealed class OutboundFrame
{
    private byte[]? _protobuf;
    private byte[]? _jsonUtf8;

    /// <summary>Wraps an envelope; it must not be changed afterwards.</summary>
    public OutboundFrame(Envelope envelope)
    {
        Envelope = envelope;
    }

    /// <summary>The envelope.</summary>
    public Envelope Envelope { get; }

    /// <summary>
    /// For a message push, the <see cref="TimeProvider"/> timestamp of the message's commit, so the writer can record
    /// the delivery lag; 0 for anything else.
    /// </summary>
    public long CommittedAt { get; init; }

    /// <summary>For a traced message push, the publish step its push steps belong under; null when nobody traces.</summary>
    public Activity? Trace { get; init; }

    /// <summary>Protobuf bytes of the envelope (no length header), computed once.</summary>
    public byte[] Protobuf => _protobuf ??= Envelope.ToByteArray();

    /// <summary>UTF-8 canonical JSON of the envelope, computed once.</summary>
    public byte[] JsonUtf8 => _jsonUtf8 ??= System.Text.Encoding.UTF8.GetBytes(EnvelopeJson.Format(Envelope));

    /// <summary>True when the protobuf bytes were already made (by a fan-out), so writers should reuse them.</summary>
    public bool HasProtobuf => _protobuf is not null;
}
