using System.Globalization;

namespace Relink.Cli;

/// <summary>Durations typed on the command line: <c>90s</c>, <c>30m</c>, <c>12h</c>, <c>7d</c>, or plain seconds.</summary>
internal static class Durations
{
    public static TimeSpan Parse(string text, string option)
    {
        string trimmed = text.Trim();
        char unit = trimmed.Length > 0 && char.IsAsciiLetter(trimmed[^1]) ? char.ToLowerInvariant(trimmed[^1]) : 's';
        string number = char.IsAsciiLetter(trimmed.LastOrDefault()) ? trimmed[..^1] : trimmed;
        if (!long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out long amount) || amount <= 0
            || unit is not ('s' or 'm' or 'h' or 'd'))
        {
            throw new ArgumentException($"{option} takes a duration such as 30m, 12h, 7d or a number of seconds, not '{text}'.");
        }

        return unit switch
        {
            'd' => TimeSpan.FromDays(amount),
            'h' => TimeSpan.FromHours(amount),
            'm' => TimeSpan.FromMinutes(amount),
            _ => TimeSpan.FromSeconds(amount),
        };
    }
}
