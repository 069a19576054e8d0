using System.Globalization;
using Relink.Bench.Scenarios.Traffic;

namespace Relink.Bench.Scenarios.Chat;

/// <summary>The chat scenario's words for the shared traffic report.</summary>
internal static class ChatReport
{
    /// <summary>The workload paragraph and units.</summary>
    public static TrafficReportText Text(ChatSettings settings) => new(
        string.Create(CultureInfo.InvariantCulture, $"Workload: {settings.Pairs:#,0} pairs of logged-in users who are friends ({2 * settings.Pairs:#,0} connections); in each pair one sends to the other, the offered load dealt round-robin over the {settings.Pairs:#,0} senders. ") +
        "Relink: lean raw-protocol clients (`send_message` with a `client_msg_id`, the `send_message_ok` answer is the ack; the receiver acknowledges deliveries with one `ack` per 64 messages or 200 ms, as the SDK batches them). " +
        "SignalR: JSON hub-protocol clients invoking `Send(to, text)`, which the hub sends to the recipient's user group; the completion is the ack. Both peers keep the idle scenario's 15 s heartbeat.",
        PerDelivery: false);
}
