using Microsoft.Extensions.FileProviders;

namespace Relink.Server.Hosting;

/// <summary>Relink's browser client (the files of wwwroot/, copied beside the Relink.Server assembly).</summary>
public static class RelinkBrowserClient
{
    /// <summary>
    /// Serves the browser client at the root of the app (<c>/</c> is its page; it connects to <c>/ws</c>, so map
    /// Relink without a prefix). Static files middleware: call it before the app's own endpoints take <c>/</c>.
    /// </summary>
    public static IApplicationBuilder UseRelinkBrowserClient(this IApplicationBuilder app)
    {
        var files = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "wwwroot"));
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        return app;
    }
}
