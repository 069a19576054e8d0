using System.Buffers;
using System.Text;
using Relink.Protocol;
using Relink.Protocol.Messages;
using Relink.Server.Diagnostics;
using Relink.Server.Sessions;

namespace Relink.Server.Pipeline;

/// <summary>
/// Turns received bytes into requests for the dispatcher, the same way for every transport and encoding: cuts frames
/// from a byte stream, decodes protobuf or JSON, dispatches. Bytes that are not the protocol get an Error frame with
/// a code, then the connection closes: never a crash.
/// </summary>
public sealed partial class FrameProcessor(RequestDispatcher dispatcher, RelinkMetrics metrics, ILogger<FrameProcessor> logger)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Cuts the next whole frame off a byte stream (TCP), advancing <paramref name="buffer"/> past it. False when more
    /// bytes are needed, or when the next frame announces more than <paramref name="maxFrameSize"/>: then nothing of it
    /// was buffered, the client was told and the connection is closing.
    /// </summary>
    public bool TryReadFrame(Session session, ref ReadOnlySequence<byte> buffer, int maxFrameSize, out ReadOnlySequence<byte> payload)
    {
        try
        {
            return FrameReader.TryReadFrame(ref buffer, maxFrameSize, out payload);
        }
        catch (FrameTooLargeException e)
        {
            RejectOversizedFrame(session, e);
            payload = default;
            return false;
        }
    }

    /// <summary>Handles one protobuf frame payload.</summary>
    public ValueTask ProcessBinaryAsync(Session session, in ReadOnlySequence<byte> payload)
    {
        if (session.Connection.IsClosing)
        {
            return ValueTask.CompletedTask;
        }

        Envelope envelope;
        try
        {
            envelope = FrameReader.ParseEnvelope(payload);
        }
        catch (MalformedFrameException e)
        {
            RejectMalformed(session, e.Message);
            return ValueTask.CompletedTask;
        }

        return dispatcher.DispatchAsync(session, envelope);
    }

    /// <summary>Handles one JSON text frame (UTF-8).</summary>
    public ValueTask ProcessJsonAsync(Session session, ReadOnlySpan<byte> utf8)
    {
        if (session.Connection.IsClosing)
        {
            return ValueTask.CompletedTask;
        }

        Envelope envelope;
        try
        {
            envelope = EnvelopeJson.Parse(StrictUtf8.GetString(utf8));
        }
        catch (Exception e) when (e is MalformedFrameException or DecoderFallbackException)
        {
            RejectMalformed(session, e.Message);
            return ValueTask.CompletedTask;
        }

        return dispatcher.DispatchAsync(session, envelope);
    }

    /// <summary>Answers a length header over the limit: nothing of the frame was buffered.</summary>
    public void RejectOversizedFrame(Session session, FrameTooLargeException e)
    {
        metrics.ProtocolError(tooLarge: true);
        metrics.Refused(RefusedLimit.FrameSize);
        LogOversized(session, e.Announced, e.Limit);
        session.SendError(0, ErrorCode.FrameTooLarge, e.Message, fatal: true);
    }

    private void RejectMalformed(Session session, string detail)
    {
        metrics.ProtocolError(tooLarge: false);
        LogMalformed(session, detail);
        session.SendError(0, ErrorCode.MalformedFrame, "Malformed frame: " + detail, fatal: true);
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Closing {Session}: frame of {Announced} bytes over the {Limit}-byte limit")]
    private partial void LogOversized(Session session, long announced, int limit);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Closing {Session}: malformed frame ({Detail})")]
    private partial void LogMalformed(Session session, string detail);
}
