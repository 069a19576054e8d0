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

    // The first parse is strict: a frame that names only fields and enum values this build knows (every frame from a
    // client of the same schema) is read once. Strictness is needed because a parser that ignores unknown fields also
    // drops an unknown enum name without a trace (Google.Protobuf 3.26 and later), and the request must be refused
    // naming that field instead of read as if the field had not been sent.
    private static readonly JsonParser Strict = new(JsonParser.Settings.Default);

    // The second parse ignores unknown fields, so that newer clients can talk to older servers and the other way round.
    private static readonly JsonParser IgnoringUnknownFields = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    // Default values are omitted (proto3 canonical form); enums are written by name.
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default);

    /// <summary>
    /// Parses one JSON text frame. Unknown fields are ignored. An enum name this build does not know reads as an
    /// unknown enum number (as in the binary encoding), so the request it is in can be refused on its own instead of
    /// the frame as a whole.
    /// </summary>
    /// <exception cref="MalformedFrameException">The text is not JSON for an Envelope.</exception>
    public static Envelope Parse(string json)
    {
        try
        {
            return Strict.Parse<Envelope>(json);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidJsonException or FormatException)
        {
            if (e is not InvalidProtocolBufferException)
            {
                throw Malformed(e); // not JSON, or a value of the wrong form: no second look makes it readable
            }

            // An unknown field or enum name (or a fault of another kind, which the second parse meets again). Only
            // such a frame pays for the second look: its unknown enum names become an unknown number, which no
            // parser drops, and its unknown fields are skipped.
            try
            {
                return IgnoringUnknownFields.Parse<Envelope>(UnknownEnumNames.Rewrite(json, Envelope.Descriptor) ?? json);
            }
            catch (Exception again) when (again is InvalidProtocolBufferException or InvalidJsonException or FormatException)
            {
                throw Malformed(again);
            }
        }
    }

    /// <summary>Formats one envelope as a JSON text frame.</summary>
    public static string Format(Envelope envelope) => Formatter.Format(envelope);

    private static MalformedFrameException Malformed(Exception e) => new("Frame is not valid Envelope JSON: " + e.Message, e);
}
