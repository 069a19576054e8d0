using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf.Reflection;

namespace Relink.Protocol;

/// <summary>
/// Reads enum names this build does not know as an unknown enum number, as the binary encoding does (proto3 enums
/// are open). A newer client may name a value an older server has never heard of; the server then refuses the
/// one request field by field (INVALID_ARGUMENT naming the field) instead of closing the connection over a frame
/// it could otherwise read.
/// </summary>
internal static class UnknownEnumNames
{
    /// <summary>
    /// The number an unknown name becomes. No enum in the schema uses it, and it is not 0, so it never reads as the
    /// UNSPECIFIED default.
    /// </summary>
    public const int UnknownNumber = int.MaxValue;

    /// <summary>
    /// Rewrites every enum name in <paramref name="json"/> that <paramref name="descriptor"/>'s enums do not define
    /// into <see cref="UnknownNumber"/>. Null when there was none (or the text is not JSON): the text is then parsed
    /// as it is.
    /// </summary>
    public static string? Rewrite(string json, MessageDescriptor descriptor)
    {
        try
        {
            return JsonNode.Parse(json) is JsonObject message && RewriteMessage(message, descriptor) ? message.ToJsonString() : null;
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            return null; // not JSON this can walk (duplicate keys, too deep): the parser reports the fault
        }
    }

    private static bool RewriteMessage(JsonObject message, MessageDescriptor descriptor)
    {
        bool changed = false;
        foreach (var (name, value) in message.ToList())
        {
            var field = descriptor.FindFieldByName(name) ?? descriptor.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == name);
            if (field is null || value is null)
            {
                continue;
            }

            if (value is JsonArray array)
            {
                for (int i = 0; i < array.Count; i++)
                {
                    if (RewriteValue(array[i], field) is { } replacement)
                    {
                        array[i] = replacement;
                        changed = true;
                    }
                    else if (array[i] is JsonObject item && field.FieldType == FieldType.Message)
                    {
                        changed |= RewriteMessage(item, field.MessageType);
                    }
                }
            }
            else if (RewriteValue(value, field) is { } replacement)
            {
                message[name] = replacement;
                changed = true;
            }
            else if (value is JsonObject nested && field.FieldType == FieldType.Message)
            {
                changed |= RewriteMessage(nested, field.MessageType);
            }
        }

        return changed;
    }

    private static JsonValue? RewriteValue(JsonNode? value, FieldDescriptor field) =>
        field.FieldType == FieldType.Enum
        && value is JsonValue scalar
        && scalar.TryGetValue(out string? name)
        && field.EnumType.FindValueByName(name) is null
            ? JsonValue.Create(UnknownNumber)
            : null;
}
