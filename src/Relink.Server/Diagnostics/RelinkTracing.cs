using System.Diagnostics;

namespace Relink.Server.Diagnostics;

/// <summary>
/// The server's traces, on the ActivitySource <see cref="SourceName"/>. One sent message is one trace:
/// <see cref="Receive"/> (the request) with children <see cref="Authorize"/>, <see cref="Store"/> and
/// <see cref="Publish"/>, and under the publish one <see cref="Push"/> per recipient connection, started when that
/// connection's writer writes the push.
/// </summary>
/// <remarks>
/// With nobody listening (no OTLP endpoint configured, no ActivityListener), <c>StartActivity</c> returns null:
/// no activity, no tags, no allocation; each step costs a null check.
/// </remarks>
public static class RelinkTracing
{
    /// <summary>The ActivitySource's name.</summary>
    public const string SourceName = "Relink.Server";

    /// <summary>A request, from decoding to its answer being queued. Tag <c>relink.request</c>: the request type.</summary>
    public const string Receive = "relink.receive";

    /// <summary>The check that the sender may use the conversation.</summary>
    public const string Authorize = "relink.authorize";

    /// <summary>The message's commit in the store. Tags <c>relink.conversation.id</c> and <c>relink.message.seq</c>.</summary>
    public const string Store = "relink.store";

    /// <summary>Queuing the push to the recipients' online sessions. Tag <c>relink.push.sessions</c>: how many.</summary>
    public const string Publish = "relink.publish";

    /// <summary>Writing the push to one recipient's connection. Tag <c>relink.transport</c>.</summary>
    public const string Push = "relink.push";

    /// <summary>The source every activity above starts from.</summary>
    public static readonly ActivitySource Source = new(SourceName, ServerVersion.Current);

    /// <summary>
    /// Starts a request's <see cref="Receive"/> activity as the root of its own trace, or returns null when nobody
    /// listens. A WebSocket connection runs inside its HTTP request's activity for its whole life: as a parent it would
    /// put every message of the connection into one trace.
    /// </summary>
    /// <remarks>Clears <see cref="Activity.Current"/> for the calling async method (which restores it when it returns).</remarks>
    public static Activity? StartReceive()
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        Activity.Current = null;
        return Source.StartActivity(Receive, ActivityKind.Server);
    }
}
