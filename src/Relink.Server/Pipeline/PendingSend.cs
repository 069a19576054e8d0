using System.Diagnostics;
using Relink.Server.Chat;

namespace Relink.Server.Pipeline;

/// <summary>
/// One send of a connection, taken in and waiting for its answer: either its append is in the store
/// (<see cref="Issued"/>) or it was refused before that (<see cref="Refusal"/>), and the refusal waits its turn too.
/// </summary>
/// <param name="RequestId">The request's id, for the answer.</param>
/// <param name="Issued">The append in flight; default when <paramref name="Refusal"/> is set.</param>
/// <param name="Refusal">Why the send was refused before the store (rate, checks, not a friend), or null.</param>
/// <param name="Receive">The request's trace, ended with its answer; null when not traced.</param>
/// <param name="ClientMsgId">The message's key as the client sent it (a refusal for rate names it to the session).</param>
internal readonly record struct PendingSend(uint RequestId, IssuedSend Issued, Exception? Refusal, Activity? Receive, string ClientMsgId);
