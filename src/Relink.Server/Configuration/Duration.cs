using System.Globalization;

namespace Relink.Server.Configuration;

/// <summary>
/// Parses the durations operators write on command lines and in configuration: "15s", "500ms", "2m", "1h",
/// or a .NET TimeSpan ("00:00:15").
/// </summary>
public static class Duration
{
    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> naming <paramref name="key"/>.</summary>
    public static TimeSpan Parse(string text, string key)
    {
        if (TryParse(text, out var value))
        {
            return value;
        }

        throw new FormatException($"'{text}' is not a duration for {key}: write e.g. 15s, 500ms, 2m or 00:00:15.");
    }

    /// <summary>Parses <paramref name="text"/> if it is a positive duration.</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        (string unit, double scaleMs) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.OrdinalIgnoreCase) => ("ms", 1d),
            _ when text.EndsWith('s') => ("s", 1000d),
            _ when text.EndsWith('m') => ("m", 60_000d),
            _ when text.EndsWith('h') => ("h", 3_600_000d),
            _ => ("", 0d),
        };

        if (unit.Length > 0)
        {
            if (double.TryParse(text[..^unit.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out double n) && n > 0)
            {
                value = TimeSpan.FromMilliseconds(n * scaleMs);
                return true;
            }

            return false;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value) && value > TimeSpan.Zero;
    }
}
