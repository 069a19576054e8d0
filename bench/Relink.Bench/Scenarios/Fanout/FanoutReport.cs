using System.Globalization;
using Relink.Bench.Scenarios.Traffic;

namespace Relink.Bench.Scenarios.Fanout;

/// <summary>The fan-out scenario's words for the shared traffic report.</summary>
internal static class FanoutReport
{
    /// <summary>The workload paragraph and units.</summary>
    public static TrafficReportText Text(FanoutSettings settings) => new(
        string.Create(CultureInfo.InvariantCulture, $"Workload: one group of {settings.Members + 1:#,0} members, each logged in on its own connection: one sender posting to the group at the offered rate, and {settings.Members:#,0} receivers, so each message makes {settings.Members:#,0} deliveries. ") +
        "Relink: the sender's `send_message` to the group is stored once and pushed to every online member; each receiver acknowledges its deliveries in batches (64 messages or 200 ms), as the SDK does. " +
        "SignalR: `SendToGroup(group, text)` → `Clients.GroupExcept(group, sender)`; members joined with `JoinGroup`. Rates, latencies and CPU below are per delivery.",
        PerDelivery: true);
}
