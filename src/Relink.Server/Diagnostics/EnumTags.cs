using System.Collections.Frozen;
using System.Text;

namespace Relink.Server.Diagnostics;

/// <summary>
/// One metric tag per value of an enum (<c>relink.close.reason=slow_consumer</c>), built once, so recording a tagged
/// measurement allocates nothing: no boxing, no string per call. Values are the enum names in snake_case, the
/// Prometheus and OpenTelemetry convention.
/// </summary>
public sealed class EnumTags<TEnum>
    where TEnum : struct, Enum
{
    private readonly FrozenDictionary<TEnum, KeyValuePair<string, object?>> _tags;
    private readonly KeyValuePair<string, object?> _other;

    /// <summary>Builds the tags under <paramref name="key"/>.</summary>
    public EnumTags(string key)
    {
        _tags = Enum.GetValues<TEnum>().Distinct().ToFrozenDictionary(v => v, v => new KeyValuePair<string, object?>(key, SnakeCase(v.ToString())));
        _other = new KeyValuePair<string, object?>(key, "other"); // a value added to the enum later than this was built: never a number
    }

    /// <summary>The tag for <paramref name="value"/>.</summary>
    public KeyValuePair<string, object?> this[TEnum value] => _tags.TryGetValue(value, out var tag) ? tag : _other;

    /// <summary>"LoggedInElsewhere" → "logged_in_elsewhere".</summary>
    internal static string SnakeCase(string name)
    {
        var text = new StringBuilder(name.Length + 8);
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }
}
