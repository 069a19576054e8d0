using Relink.Testing.Server;
using Xunit.Abstractions;

namespace Relink.Js.Tests;

/// <summary>
/// The JavaScript SDK's own tests (clients/js/test, Node's test runner) against a real server started here: connect,
/// send, receive, resume after a cut or silent link, nothing doubled. Their output shows in this test's output.
/// </summary>
public sealed class Node_Tests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_SDK_passes_its_node_tests_against_a_live_server()
    {
        // A short heartbeat, so the test of a silent link finds it dead within seconds.
        await RunNodeTestsAsync("test", ["--heartbeat-interval", "1s", "--heartbeat-timeout", "3s"]);
    }

    [Fact]
    public async Task The_SDK_s_outbox_rides_out_refusals_for_rate_against_a_server_with_a_small_send_budget()
    {
        // A burst of 3, then 5 a second: a dozen messages typed at once are partly refused with RATE_LIMITED.
        await RunNodeTestsAsync(Path.Combine("test", "send-budget"), ["--Relink:Limits:SendBurst=3", "--Relink:Limits:SendsPerSecond=5"]);
    }

    private async Task RunNodeTestsAsync(string folder, string[] serverArgs)
    {
        await using var server = await TestServer.StartAsync(serverArgs);
        var testFiles = Directory.EnumerateFiles(Path.Combine(NodeTool.PackageDirectory, folder), "*.test.js")
            .Select(f => Path.GetRelativePath(NodeTool.PackageDirectory, f))
            .Order(StringComparer.Ordinal)
            .ToList();
        testFiles.ShouldNotBeEmpty();
        // Node 22 has a global WebSocket; Node 20 has it behind a flag.
        List<string> arguments = await NodeTool.NodeMajorVersionAsync() < 22 ? ["--experimental-websocket"] : [];
        arguments.AddRange(["--test", "--test-reporter=spec", .. testFiles]);

        var (exitCode, text) = await NodeTool.RunAsync("node", arguments, new Dictionary<string, string> { ["RELINK_URL"] = server.WebSocketEndpoint });

        output.WriteLine(text);
        exitCode.ShouldBe(0, text);
        text.ShouldContain("ℹ fail 0");
    }
}
