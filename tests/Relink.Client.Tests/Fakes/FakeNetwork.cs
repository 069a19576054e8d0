namespace Relink.Client.Tests.Fakes;

/// <summary>A network change source the test raises by hand.</summary>
internal sealed class FakeNetwork : INetworkChangeSource
{
    public event EventHandler? NetworkChanged;

    public int Subscribers => NetworkChanged?.GetInvocationList().Length ?? 0;

    public void Change() => NetworkChanged?.Invoke(this, EventArgs.Empty);
}

/// <summary>The same long delay before every attempt: proves that whatever skipped it was not the schedule.</summary>
internal sealed class PatientPolicy(TimeSpan delay) : IReconnectPolicy
{
    public List<ReconnectContext> Asked { get; } = [];

    public TimeSpan? NextDelay(ReconnectContext context)
    {
        lock (Asked)
        {
            Asked.Add(context);
        }

        return delay;
    }
}
