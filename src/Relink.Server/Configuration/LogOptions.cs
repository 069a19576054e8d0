namespace Relink.Server.Configuration;

/// <summary>Console log format (section "Relink:Logging").</summary>
public sealed class LogOptions
{
    /// <summary>"simple" (one line per entry, for people) or "json" (one JSON object per entry, with scopes, for log shippers).</summary>
    public string Format { get; set; } = "simple";

    /// <summary>True when the format is JSON.</summary>
    public bool Json => string.Equals(Format, "json", StringComparison.OrdinalIgnoreCase);
}
