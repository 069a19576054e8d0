using Relink.Server.Configuration;

namespace Relink.Server.Diagnostics;

/// <summary>The console log: one line per entry for people, or JSON with scopes for a log shipper.</summary>
public static class ConsoleLogging
{
    /// <summary>
    /// Sets the console format from <c>Relink:Logging:Format</c>. JSON carries each entry's scopes: a connection's
    /// entries name the connection, and once it has logged in its session, user and device (see docs/operations.md).
    /// </summary>
    public static ILoggingBuilder AddRelinkConsole(this ILoggingBuilder logging, LogOptions options)
    {
        if (options.Json)
        {
            return logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        return logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
    }
}
