namespace Relink.Testing;

/// <summary>Waits for a condition that real I/O will make true, with a generous deadline for loaded machines.</summary>
public static class Eventually
{
    /// <summary>Default deadline: long, because CI shares 2 cores with other work.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Polls <paramref name="condition"/> until it holds, or throws <see cref="TimeoutException"/> naming
    /// <paramref name="what"/>. Polling is for conditions with no event to await (process output, metrics).
    /// </summary>
    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for: {what}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>
    /// As <see cref="TrueAsync(Func{bool}, string, TimeSpan?)"/>, for a condition that must do I/O to be checked. A
    /// check that itself never finishes counts against the same deadline, so a hang fails the test by name instead of
    /// running into the test host's hang timeout.
    /// </summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!await CheckBeforeAsync(condition, deadline, what))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for: {what}");
            }

            await Task.Delay(20);
        }
    }

    private static async Task<bool> CheckBeforeAsync(Func<Task<bool>> condition, DateTime deadline, string what)
    {
        var check = condition();
        var left = deadline - DateTime.UtcNow;
        if (await Task.WhenAny(check, Task.Delay(left > TimeSpan.Zero ? left : TimeSpan.FromSeconds(1))) != check)
        {
            throw new TimeoutException($"Timed out waiting for: {what} (its last check did not finish)");
        }

        return await check;
    }

    /// <summary>Awaits <paramref name="task"/> or throws <see cref="TimeoutException"/> naming <paramref name="what"/>.</summary>
    public static async Task<T> WithinAsync<T>(Task<T> task, string what, TimeSpan? timeout = null)
    {
        try
        {
            return await task.WaitAsync(timeout ?? DefaultTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out waiting for: {what}");
        }
    }
}
