using Microsoft.Extensions.Configuration;
using Relink.Server.Configuration;
using Relink.Server.Hosting;

namespace Relink.Server.Tests.Diagnostics;

/// <summary>The metrics, tracing and log options: flags and keys set them, and a wrong value is refused by name.</summary>
public sealed class Observability_Options_Tests
{
    [Fact]
    public void By_default_metrics_are_on_for_loopback_tracing_is_off_and_logs_are_simple_lines()
    {
        var options = Load();

        options.Metrics.Enabled.ShouldBeTrue();
        options.Metrics.AllowLoopbackWithoutToken.ShouldBeTrue();
        options.Metrics.AllowRemoteWithoutToken.ShouldBeFalse();
        options.Otlp.Endpoint.ShouldBeNull();
        options.Logging.Json.ShouldBeFalse();
    }

    [Fact]
    public void The_flags_and_keys_set_them()
    {
        var options = Load("--no-metrics", "--otlp-endpoint", "http://collector:4318/v1/traces", "--Relink:Otlp:Protocol=http", "--log-format", "json",
            "--Relink:Metrics:AllowLoopbackWithoutToken=false", "--Relink:Metrics:AllowRemoteWithoutToken=true");

        options.Metrics.Enabled.ShouldBeFalse();
        options.Metrics.AllowLoopbackWithoutToken.ShouldBeFalse();
        options.Metrics.AllowRemoteWithoutToken.ShouldBeTrue();
        options.Otlp.Endpoint.ShouldBe(new Uri("http://collector:4318/v1/traces"));
        options.Otlp.Protocol.ShouldBe("http");
        options.Logging.Json.ShouldBeTrue();
    }

    [Theory]
    [InlineData("--log-format=xml", "Logging:Format")]
    [InlineData("--otlp-endpoint=collector:4317", "Otlp:Endpoint")]
    [InlineData("--otlp-endpoint=ftp://collector", "Otlp:Endpoint")]
    [InlineData("--Relink:Otlp:Protocol=udp", "Otlp:Protocol")]
    [InlineData("--Relink:Metrics:Enabled=maybe", "Enabled")]
    public void A_wrong_value_is_refused_naming_its_key(string arg, string key)
    {
        var error = Should.Throw<ArgumentException>(() => RelinkServerHost.Build([arg]));

        error.Message.ShouldContain(key);
    }

    private static RelinkServerOptions Load(params string[] args) =>
        RelinkServerOptions.Load(new ConfigurationBuilder().AddCommandLine(CommandLineFlags.Normalize(args)).Build().GetSection(RelinkServerOptions.Section));
}
