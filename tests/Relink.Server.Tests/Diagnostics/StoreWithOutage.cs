using System.Reflection;
using Relink.Storage;

namespace Relink.Server.Tests.Diagnostics;

/// <summary>A real store whose message appends fail as an unreachable store's would, while <see cref="Down"/> is set.</summary>
public class StoreWithOutage : DispatchProxy
{
    private IChatStore _inner = null!;

    /// <summary>While true, <see cref="IChatStore.AppendMessageAsync"/> fails with <see cref="StoreUnavailableException"/>.</summary>
    public bool Down { get; set; }

    public static IChatStore Wrap(IChatStore inner, out StoreWithOutage control)
    {
        var proxy = Create<IChatStore, StoreWithOutage>();
        control = (StoreWithOutage)(object)proxy;
        control._inner = inner;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (Down && targetMethod!.Name == nameof(IChatStore.AppendMessageAsync))
        {
            return Task.FromException<AppendResult>(new StoreUnavailableException("The test took the store down."));
        }

        try
        {
            return targetMethod!.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }
}
