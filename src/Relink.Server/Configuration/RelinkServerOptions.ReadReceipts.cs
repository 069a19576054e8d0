namespace Relink.Server.Configuration;

public sealed partial class RelinkServerOptions
{
    /// <summary>
    /// A user's read and delivery moves in one conversation cause at most one push per this interval (read sync to
    /// their other devices, read receipts to the others); moves in between go out together at its end, newest
    /// values winning. Shorter: ticks and badges follow faster, at more pushes for a fast reader.
    /// </summary>
    public TimeSpan ReadNoticeInterval { get; set; } = TimeSpan.FromSeconds(1);
}
