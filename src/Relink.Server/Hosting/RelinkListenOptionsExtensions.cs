using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Relink.Server.Transports;

namespace Relink.Server.Hosting;

/// <summary>Relink's TCP listener (binary frames, for the .NET SDK and the <c>relink</c> command) on a Kestrel endpoint.</summary>
public static class RelinkListenOptionsExtensions
{
    /// <summary>
    /// Serves Relink's frame protocol on this endpoint instead of HTTP, e.g.
    /// <c>kestrel.ListenAnyIP(7397, l =&gt; l.UseRelinkTcp())</c>; call <c>UseHttps</c> first for TLS. Needs <c>AddRelink</c>.
    /// </summary>
    public static ListenOptions UseRelinkTcp(this ListenOptions listen)
    {
        listen.UseConnectionHandler<TcpConnectionHandler>();
        return listen;
    }
}
