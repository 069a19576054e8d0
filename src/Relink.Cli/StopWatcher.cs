using Relink.Client;

namespace Relink.Cli;

/// <summary>
/// Ends a command the moment its client stops for good (kicked, a session that needs the password again, gave up):
/// says why on stderr at once, as the status lines are printed, and cancels <see cref="Token"/>, which whatever the
/// command waits on (the next line of stdin, the next message) is awaited with. So a kicked command exits with its
/// code without waiting for anyone to type.
/// </summary>
internal sealed class StopWatcher : IDisposable
{
    private readonly CliConsole _console;
    private readonly Func<StopReason, bool> _ends;
    private readonly CancellationTokenSource _stop;
    private ConnectionState.Stopped? _stopped;

    /// <param name="console">Where the reason is told.</param>
    /// <param name="cancellationToken">Ctrl+C / SIGTERM, which cancels <see cref="Token"/> too.</param>
    /// <param name="ends">Which stops end the command; by default every one but the client's own disposal.</param>
    public StopWatcher(CliConsole console, CancellationToken cancellationToken, Func<StopReason, bool>? ends = null)
    {
        _console = console;
        _ends = ends ?? (_ => true);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    /// <summary>Cancelled when the client stopped for good, or the user interrupted.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>The stop that ended the command, if one did.</summary>
    public ConnectionState.Stopped? Stopped => Volatile.Read(ref _stopped);

    /// <summary>The command's exit code for <see cref="Stopped"/>; <see cref="ExitCodes.Ok"/> without one.</summary>
    public int ExitCode => Stopped is { } stopped ? ExitCodes.For(stopped).Code : ExitCodes.Ok;

    /// <summary>
    /// For a <see cref="RelinkClient.StateChanged"/> handler: true when <paramref name="state"/> ends the command, which
    /// is then told on stderr (once) and cancelled; false for any other state, which the caller describes as it likes.
    /// </summary>
    public bool Ends(ConnectionState state)
    {
        if (state is not ConnectionState.Stopped { Reason: not StopReason.Disposed } stopped || !_ends(stopped.Reason))
        {
            return false;
        }

        if (Interlocked.CompareExchange(ref _stopped, stopped, null) is null)
        {
            _console.Error("relink: " + ExitCodes.For(stopped).Message);
            // Not Cancel(): its callbacks would run the waiting command on the client's event thread.
            _ = _stop.CancelAsync();
        }

        return true;
    }

    public void Dispose() => _stop.Dispose();
}
