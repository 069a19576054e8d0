using Relink.Testing;

namespace Relink.Client.Tests.Fakes;

internal static class TaskDeadlines
{
    /// <summary>Awaits a task that must finish within the default deadline, naming it when it does not.</summary>
    public static async Task WithinDeadline(this Task task, string what)
    {
        try
        {
            await task.WaitAsync(Eventually.DefaultTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out waiting for: {what}");
        }
    }
}
