using System.Net;
using System.Net.Http.Headers;
using Relink.Protocol.Messages;
using Relink.Server.Configuration;
using Relink.Server.Diagnostics;
using Relink.Testing.Server;
using Body = Relink.Protocol.Messages.Envelope.BodyOneofCase;

namespace Relink.Server.Tests.Diagnostics;

/// <summary>/metrics: what a Prometheus scrape gets, and who may scrape.</summary>
public sealed class Metrics_Endpoint_Tests
{
    private const string Token = "metrics-test-token";

    [Fact]
    public async Task A_scrape_from_loopback_returns_the_relink_runtime_and_aspnetcore_families_in_prometheus_text()
    {
        await using var server = await TestServer.StartAsync();
        using var http = Http(server);
        await using var ann = await Users.NewAsync(server.TcpPort, Users.Unique("scraped"));
        await using var bob = await Users.NewAsync(server.TcpPort, Users.Unique("scraped"));
        await Users.BefriendAsync(ann, bob);
        (await ann.SendTextAsync(bob.Direct, "counted")).BodyCase.ShouldBe(Body.SendMessageOk);
        await bob.Client.NextPushAsync(Body.Message);
        (await http.GetAsync("/healthz")).EnsureSuccessStatusCode(); // an HTTP request for the hosting meter to count

        using var response = await http.GetAsync(Telemetry.MetricsPath);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        string text = await response.Content.ReadAsStringAsync();
        string[] families =
        [
            "# TYPE relink_connections_open gauge",
            "# TYPE relink_sessions_online gauge",
            "# TYPE relink_logins_total counter",
            "# TYPE relink_messages_stored_total counter",
            "# TYPE relink_messages_pushed_total counter",
            "# TYPE relink_messages_delivery_lag_milliseconds histogram",
            "# TYPE relink_store_duration_milliseconds histogram",
            "# TYPE relink_outbound_queue_depth histogram",
            "# TYPE dotnet_gc_collections_total counter", // System.Runtime
            "# TYPE kestrel_active_connections gauge", // Microsoft.AspNetCore.Server.Kestrel
            "# TYPE http_server_request_duration_seconds histogram", // Microsoft.AspNetCore.Hosting
        ];
        foreach (string family in families)
        {
            text.ShouldContain(family, customMessage: text);
        }

        text.ShouldContain("relink_logins_total{otel_scope_name=\"Relink.Server\",relink_outcome=\"ok\"}", customMessage: text);
        text.ShouldContain("relink_store_duration_milliseconds_bucket{otel_scope_name=\"Relink.Server\",relink_store_operation=\"append_message\",le=\"", customMessage: text);
    }

    [Fact]
    public async Task With_loopback_access_turned_off_a_scrape_needs_the_admin_token()
    {
        await using var server = await TestServer.StartAsync(["--admin-token", Token, "--Relink:Metrics:AllowLoopbackWithoutToken=false"]);
        using var http = Http(server);

        using var none = await http.GetAsync(Telemetry.MetricsPath);
        none.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        none.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
        (await GetAsync(http, "wrong-token")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var right = await GetAsync(http, Token);
        right.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await right.Content.ReadAsStringAsync()).ShouldContain("relink_connections_open");
    }

    [Fact]
    public async Task Without_an_admin_token_a_scrape_that_needs_one_is_forbidden_and_says_what_to_set()
    {
        await using var server = await TestServer.StartAsync(["--Relink:Metrics:AllowLoopbackWithoutToken=false"]);
        using var http = Http(server);

        using var response = await GetAsync(http, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Relink:AdminToken");
    }

    [Fact]
    public async Task With_metrics_off_there_is_no_metrics_endpoint()
    {
        await using var server = await TestServer.StartAsync(["--no-metrics"]);
        using var http = Http(server);

        (await http.GetAsync(Telemetry.MetricsPath)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    // The rule for other hosts, checked with their addresses: a test cannot connect from another host.
    [Theory]
    [InlineData("203.0.113.5", null, false, "TokenRequired")]
    [InlineData("203.0.113.5", "Bearer wrong", false, "TokenRequired")]
    [InlineData("203.0.113.5", "Bearer " + Token, false, "Allowed")]
    [InlineData("203.0.113.5", Token, false, "TokenRequired")] // not the Bearer scheme
    [InlineData("2001:db8::5", null, false, "TokenRequired")]
    [InlineData("203.0.113.5", null, true, "Allowed")] // AllowRemoteWithoutToken
    [InlineData("127.0.0.1", null, false, "Allowed")]
    [InlineData("::1", null, false, "Allowed")]
    [InlineData("::ffff:127.0.0.1", null, false, "Allowed")] // loopback seen by a dual-stack socket
    public void Other_hosts_need_the_admin_token_and_the_server_own_host_does_not(string remote, string? authorization, bool allowRemote, string expected)
    {
        var options = new MetricsOptions { AllowRemoteWithoutToken = allowRemote };

        MetricsAccess.Decide(IPAddress.Parse(remote), authorization, options, Token).ToString().ShouldBe(expected);
    }

    [Fact]
    public void Without_a_configured_token_other_hosts_are_refused_whatever_they_send_and_loopback_can_be_made_to_need_one()
    {
        MetricsAccess.Decide(IPAddress.Parse("203.0.113.5"), "Bearer ", new MetricsOptions(), adminToken: null).ShouldBe(MetricsAccess.Decision.NoTokenConfigured);
        MetricsAccess.Decide(IPAddress.Parse("203.0.113.5"), "Bearer ", new MetricsOptions(), adminToken: "").ShouldBe(MetricsAccess.Decision.NoTokenConfigured);
        MetricsAccess.Decide(null, null, new MetricsOptions(), Token).ShouldBe(MetricsAccess.Decision.TokenRequired, "an unknown peer is not loopback");
        MetricsAccess.Decide(IPAddress.Loopback, null, new MetricsOptions { AllowLoopbackWithoutToken = false }, Token).ShouldBe(MetricsAccess.Decision.TokenRequired);
    }

    private static HttpClient Http(TestServer server) => new() { BaseAddress = new Uri($"http://127.0.0.1:{server.HttpPort}") };

    private static Task<HttpResponseMessage> GetAsync(HttpClient http, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Telemetry.MetricsPath);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http.SendAsync(request);
    }
}
