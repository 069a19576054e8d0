using Google.Protobuf;
using Relink.Protocol.Messages;

namespace Relink.Protocol;

/// <summary>
/// The canonical protobuf JSON mapping of <see cref="Envelope"/>, carried in WebSocket text messages
/// (subprotocol <see cref="SubProtocol"/>), so a browser needs no protobuf library and a person can debug
/// with a terminal.
/// </summary>
public static class EnvelopeJson
{
    /// <summary>The WebSocket subprotocol name for JSON text frames.</summary>
    public const string SubProtocol = "relink.json";

    /// <summary>The WebSocket subprotocol name for binary protobuf frames.</summary>
    public const string BinarySubProtocol = "relink.protobuf";

    // Unknown fields are ignored so that newer clients can talk to older servers and the other way round.
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    // Default values are omitted (proto3 canonical form); enums are written by name.
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default);

    /// <summary>
    /// Parses one JSON text frame. An enum name this build does not know reads as an unknown enum number (as in the
    /// binary encoding), so the request it is in can be refused on its own instead of the frame as a whole.
    /// </summary>
    /// <exception cref="MalformedFrameException">The text is not JSON for an Envelope.</exception>
    public static Envelope Parse(string json)
    {
        try
        {
            return Parser.Parse<Envelope>(json);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidJsonException or FormatException)
        {
            // Only a frame that failed pays for the second look; a well-formed one is parsed once.
            if (e is InvalidProtocolBufferException && UnknownEnumNames.Rewrite(json, Envelope.Descriptor) is { } rewritten)
            {
                try
                {
                    return Parser.Parse<Envelope>(rewritten);
                }
                catch (Exception again) when (again is InvalidProtocolBufferException or InvalidJsonException or FormatException)
                {
                    throw new MalformedFrameException("Frame is not valid Envelope JSON: " + again.Message, again);
                }
            }

            throw new MalformedFrameException("Frame is not valid Envelope JSON: " + e.Message, e);
        }
    }

    /// <summary>Formats one envelope as a JSON text frame.</summary>
    public static string Format(Envelope envelope) => Formatter.Format(envelope);
}
