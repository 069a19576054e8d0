using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Relink.Server.Configuration;

namespace Relink.Server.Diagnostics;

/// <summary>
/// OpenTelemetry for the server: the meters /metrics exports in Prometheus text, and the traces sent over OTLP when
/// <c>Relink:Otlp:Endpoint</c> is set. docs/operations.md says why OpenTelemetry rather than prometheus-net.
/// </summary>
public static class Telemetry
{
    /// <summary>The scrape path.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// The meters /metrics exports: ours, the runtime's (GC, thread pool, CPU, memory) and ASP.NET Core's (HTTP
    /// requests, Kestrel connections of both listeners, TLS handshakes). All built into .NET: no instrumentation package.
    /// </summary>
    public static readonly IReadOnlyList<string> Meters =
    [
        RelinkMetrics.MeterName,
        "System.Runtime",
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics",
    ];

    /// <summary>Registers the metric and trace pipelines the options ask for (nothing when both are off).</summary>
    public static IServiceCollection AddRelinkTelemetry(this IServiceCollection services, RelinkServerOptions options)
    {
        if (!options.Metrics.Enabled && options.Otlp.Endpoint is null)
        {
            return services;
        }

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("relink-server", serviceVersion: ServerVersion.Current));
        if (options.Metrics.Enabled)
        {
            telemetry.WithMetrics(m => m.AddMeter([.. Meters]).AddPrometheusExporter());
        }

        if (options.Otlp.Endpoint is { } endpoint)
        {
            telemetry.WithTracing(t => t.AddSource(RelinkTracing.SourceName).AddOtlpExporter(o =>
            {
                o.Endpoint = endpoint;
                o.Protocol = options.Otlp.Protocol.Equals("http", StringComparison.OrdinalIgnoreCase) ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
            }));
        }

        return services;
    }

    /// <summary>Maps /metrics behind <see cref="MetricsAccess"/>, when metrics are on.</summary>
    public static void MapRelinkMetrics(this IEndpointRouteBuilder endpoints)
    {
        if (!endpoints.ServiceProvider.GetRequiredService<RelinkServerOptions>().Metrics.Enabled)
        {
            return;
        }

        endpoints.MapPrometheusScrapingEndpoint(MetricsPath, meterProvider: null, configureBranchedPipeline: branch => branch.Use(MetricsAccess.GuardAsync), optionsName: null);
    }
}
