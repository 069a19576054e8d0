using System.Reflection;
using Relink.Storage;

namespace Relink.Server.Tests.Pipeline;

/// <summary>
/// A real store whose message appends the test can watch and hold: it records each append as the server issues
/// it, can keep every append's completion back until <see cref="Open"/> (the commit has happened; only its news
/// waits), and fails the appends of chosen client message ids as a failed batch would, storing nothing.
/// </summary>
public class PipelineProbeStore : DispatchProxy
{
    private readonly object _gate = new();
    private readonly List<string> _issued = [];
    private IChatStore _inner = null!;
    private TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inFlight;

    /// <summary>Client message ids whose append fails with <see cref="StoreUnavailableException"/>.</summary>
    public HashSet<string> Failing { get; } = [];

    /// <summary>The most appends that were issued and not yet completed at one time.</summary>
    public int MostInFlight { get; private set; }

    /// <summary>The client message ids of the appends issued so far, in issue order.</summary>
    public IReadOnlyList<string> Issued
    {
        get
        {
            lock (_gate)
            {
                return [.. _issued];
            }
        }
    }

    public static IChatStore Wrap(IChatStore inner, bool held, out PipelineProbeStore probe)
    {
        var proxy = Create<IChatStore, PipelineProbeStore>();
        probe = (PipelineProbeStore)(object)proxy;
        probe._inner = inner;
        if (!held)
        {
            probe.Open();
        }

        return proxy;
    }

    /// <summary>Lets the appends held so far, and all later ones, complete.</summary>
    public void Open() => _open.TrySetResult();

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod!.Name == nameof(IChatStore.AppendMessageAsync))
        {
            var message = (NewMessage)args![0]!;
            bool fail;
            lock (_gate)
            {
                _issued.Add(message.ClientMsgId);
                MostInFlight = Math.Max(MostInFlight, ++_inFlight);
                fail = Failing.Contains(message.ClientMsgId);
            }

            var append = fail
                ? Task.FromException<AppendResult>(new StoreUnavailableException("The test failed this batch."))
                : (Task<AppendResult>)Forward(targetMethod, args)!;
            return AfterOpenAsync(append);
        }

        return Forward(targetMethod, args);
    }

    private async Task<AppendResult> AfterOpenAsync(Task<AppendResult> append)
    {
        try
        {
            return await append;
        }
        finally
        {
            await _open.Task;
            lock (_gate)
            {
                _inFlight--;
            }
        }
    }

    private object? Forward(MethodInfo method, object?[]? args)
    {
        try
        {
            return method.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }
}
