using System.Globalization;

namespace Relink.Bench.Scenarios.Scaleout;

/// <summary>The scenario's user names, which the bench and its load workers must agree on.</summary>
internal static class ScaleoutUsers
{
    /// <summary>Load client <paramref name="index"/>.</summary>
    public static string Load(int index) => "sc" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>Sender <paramref name="index"/>; load client i is the friend of sender i % <see cref="ScaleoutSettings.Senders"/>.</summary>
    public static string Sender(int index) => "scs" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>The sender that serves load client <paramref name="loadIndex"/>.</summary>
    public static int SenderOf(int loadIndex) => loadIndex % ScaleoutSettings.Senders;
}
