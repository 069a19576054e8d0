namespace Relink.Bench.Scenarios.Scaleout;

/// <summary>
/// What a scale-out client reports as it happens: the <see cref="ScaleoutRecorder"/> in the bench process, or a load
/// worker's report lines to it. Times are <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> where it happened.
/// </summary>
internal interface IScaleoutEvents
{
    /// <summary>A message with <paramref name="text"/> arrived at a client at <paramref name="at"/>.</summary>
    void Received(string text, long at);

    /// <summary>Load client <paramref name="client"/> lost its link.</summary>
    void Dropped(int client, long at);

    /// <summary>
    /// Load client <paramref name="client"/> is back and logged in: resumed, or (<paramref name="loggedInAgain"/>)
    /// with a new login (Relink: the resume was refused, the SDK's LoggedInAgain; SignalR: always, its Login again).
    /// </summary>
    void Back(int client, long at, bool loggedInAgain);

    /// <summary>A load client stopped reconnecting for good.</summary>
    void StoppedForGood(string reason);
}
