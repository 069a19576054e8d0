using Microsoft.Extensions.FileProviders;

namespace Relink.Server.Hosting;

/// <summary>Relink's JavaScript SDK (clients/js), the files the server ships beside its assembly in wwwroot/js/sdk/.</summary>
public static class RelinkJavaScriptSdk
{
    /// <summary>
    /// Serves the JavaScript SDK's ES modules at <paramref name="path"/> (<c>/js/sdk</c> by default), so the app's own
    /// pages can <c>import { RelinkClient } from '/js/sdk/index.js'</c>: the same files the browser client runs, of
    /// the same build as the server. Static files middleware. Not needed with <c>UseRelinkBrowserClient</c>, which
    /// serves them at <c>/js/sdk</c> already.
    /// </summary>
    public static IApplicationBuilder UseRelinkJavaScriptSdk(this IApplicationBuilder app, string path = "/js/sdk")
    {
        ArgumentNullException.ThrowIfNull(app);
        var files = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "wwwroot", "js", "sdk"));
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, RequestPath = path });
        return app;
    }
}
