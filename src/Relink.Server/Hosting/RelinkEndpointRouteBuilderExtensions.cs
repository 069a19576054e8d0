using Relink.Server.Configuration;

namespace Relink.Server.Hosting;

/// <summary><c>app.MapRelink()</c>: Relink's endpoints in any ASP.NET Core app, as <c>MapHub</c> is SignalR's.</summary>
public static class RelinkEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps Relink's WebSocket endpoint <c>/ws</c>, <c>/healthz</c> and the admin API <c>/admin/*</c> (off without an
    /// admin token), as the standalone server does. Needs <c>AddRelink</c>.
    /// </summary>
    /// <returns>The endpoints' conventions, to add host filters, CORS or authorization policies to them all.</returns>
    public static IEndpointConventionBuilder MapRelink(this IEndpointRouteBuilder endpoints, Action<RelinkEndpointOptions>? configure = null) =>
        endpoints.MapRelink("", configure);

    /// <summary>
    /// Maps Relink's endpoints under <paramref name="prefix"/> (<c>"/chat"</c> gives <c>/chat/ws</c>,
    /// <c>/chat/healthz</c>, <c>/chat/admin/api/status</c>), beside the app's own. Needs <c>AddRelink</c>.
    /// </summary>
    public static IEndpointConventionBuilder MapRelink(this IEndpointRouteBuilder endpoints, string prefix, Action<RelinkEndpointOptions>? configure = null)
    {
        var options = endpoints.ServiceProvider.GetService<RelinkServerOptions>()
            ?? throw new InvalidOperationException("Relink's services are missing: call builder.Services.AddRelink(...) before app.MapRelink().");
        var endpointOptions = new RelinkEndpointOptions();
        configure?.Invoke(endpointOptions);
        var group = endpoints.MapGroup(prefix);
        RelinkServerHost.MapEndpoints(group, options, endpointOptions);
        return group;
    }
}
