namespace Relink.Server.Configuration;

/// <summary>Trace export over OTLP (section "Relink:Otlp"); off unless an endpoint is set.</summary>
public sealed class OtlpOptions
{
    /// <summary>The collector's OTLP endpoint, such as http://localhost:4317 (gRPC) or http://localhost:4318 (with Protocol http).</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>"grpc" (default) or "http" (OTLP over HTTP/protobuf; the endpoint then ends in /v1/traces).</summary>
    public string Protocol { get; set; } = "grpc";
}
