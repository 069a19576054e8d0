using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Relink.Client.State;

/// <summary>
/// One <see cref="ClientStateChange"/> per line of JSON, so the log can be appended to, read by a person, and its
/// torn last line (a crash mid-write) told apart from the good ones:
/// <code>
/// {"reset":true,"user":"alice","cursors":{"d:alice:bob":4},"add":[{"id":"5f0c…","kind":1,"to":"bob","type":1,"text":"hi","at":"2026-03-01T12:00:00.0000000+00:00"}],"remove":["9b1d…"]}
/// </code>
/// Written with <see cref="Utf8JsonWriter"/> and read with <see cref="JsonDocument"/>: no reflection.
/// </summary>
internal static class ClientStateLogFormat
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Encode(ClientStateChange change)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            if (change.Reset)
            {
                json.WriteBoolean("reset", true);
            }

            if (change.UserId is { } user)
            {
                json.WriteString("user", user);
            }

            if (change.Cursors is { Count: > 0 } cursors)
            {
                json.WriteStartObject("cursors");
                foreach (var (conversationId, seq) in cursors)
                {
                    json.WriteNumber(conversationId, seq);
                }

                json.WriteEndObject();
            }

            if (change.Added is { Count: > 0 } added)
            {
                json.WriteStartArray("add");
                foreach (PendingMessage message in added)
                {
                    json.WriteStartObject();
                    json.WriteString("id", message.ClientMsgId);
                    json.WriteNumber("kind", (int)message.Peer.Kind);
                    json.WriteString("to", message.Peer.Id);
                    json.WriteNumber("type", (int)message.Type);
                    json.WriteString("text", message.Text);
                    json.WriteString("at", message.QueuedAt.ToString("O", CultureInfo.InvariantCulture));
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            if (change.Removed is { Count: > 0 } removed)
            {
                json.WriteStartArray("remove");
                foreach (string id in removed)
                {
                    json.WriteStringValue(id);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads a line; null when it is not a whole, well-formed change (a torn write).</summary>
    public static ClientStateChange? TryDecode(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            JsonElement root = document.RootElement;
            return new ClientStateChange
            {
                Reset = root.TryGetProperty("reset", out var reset) && reset.GetBoolean(),
                UserId = root.TryGetProperty("user", out var user) ? user.GetString() : null,
                Cursors = root.TryGetProperty("cursors", out var cursors)
                    ? cursors.EnumerateObject().ToDictionary(c => c.Name, c => c.Value.GetInt64(), StringComparer.Ordinal)
                    : null,
                Added = root.TryGetProperty("add", out var added) ? [.. added.EnumerateArray().Select(ReadPending)] : null,
                Removed = root.TryGetProperty("remove", out var removed) ? [.. removed.EnumerateArray().Select(r => r.GetString()!)] : null,
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            return null;
        }
    }

    private static PendingMessage ReadPending(JsonElement message) => new(
        message.GetProperty("id").GetString()!,
        new Peer((ConversationKind)message.GetProperty("kind").GetInt32(), message.GetProperty("to").GetString()!),
        (MessageType)message.GetProperty("type").GetInt32(),
        message.GetProperty("text").GetString()!,
        DateTimeOffset.Parse(message.GetProperty("at").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        InFlight: false);
}
