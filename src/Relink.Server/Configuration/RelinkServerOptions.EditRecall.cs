namespace Relink.Server.Configuration;

public sealed partial class RelinkServerOptions
{
    /// <summary>How long after sending a text message its sender may still edit it (server clock). Zero: no edits.</summary>
    public TimeSpan EditWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long after sending a message its sender may still recall it (server clock). Zero: no recalls.</summary>
    public TimeSpan RecallWindow { get; set; } = TimeSpan.FromMinutes(2);
}
