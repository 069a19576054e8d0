using System.Text.Json;
using Relink.Client;
using Relink.Testing;

namespace Relink.EndToEnd.Tests;

/// <summary>
/// The figures an operator and an app's backend read are the cluster's: a user logged in on node 1 shows on node
/// 0's /healthz, admin console and server API, beside node 0's own figures; and node 0 can sign them out.
/// </summary>
public sealed partial class Cluster_Delivery_Tests
{
    private static async Task<JsonElement> GetJsonAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        string body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static int SessionsOn(JsonElement cluster, string nodeId) =>
        cluster.GetProperty("nodes").EnumerateArray().Where(n => n.GetProperty("nodeId").GetString() == nodeId).Select(n => n.GetProperty("sessions").GetInt32()).SingleOrDefault();

    [Fact]
    public async Task A_user_on_node_1_counts_on_node_0s_healthz_admin_console_and_server_api_beside_node_0s_own_figures()
    {
        string[] ids = await ReconnectKit.FriendsAsync(fixture.Node(0), "cntann");
        using var admin = fixture.Http(0, ClusterFixture.AdminToken);
        using var api = fixture.Http(0, ClusterFixture.ApiKey);
        (await GetJsonAsync(api, $"api/v1/users/{ids[0]}")).GetProperty("online").GetBoolean().ShouldBeFalse();

        await using var ann = await ReconnectKit.LoginAsync(fixture.Node(1), ids[0]);

        // The other tests' users are gone by now (each logs out or drops): ann is the one user online, on node1.
        JsonElement health = default;
        await Eventually.TrueAsync(
            async () =>
            {
                health = await GetJsonAsync(admin, "healthz");
                return health.GetProperty("cluster") is { ValueKind: JsonValueKind.Object } counted
                    && counted.GetProperty("users").GetInt32() == 1 && SessionsOn(counted, "node1") == 1;
            },
            "node 0's /healthz counts ann, logged in on node 1");
        health.GetProperty("node").GetString().ShouldBe("node0");
        health.GetProperty("online").GetInt32().ShouldBe(0, "node 0's own sessions: ann is not here");
        var cluster = health.GetProperty("cluster");
        (cluster.GetProperty("liveNodes").GetInt32(), cluster.GetProperty("sessions").GetInt32()).ShouldBe((3, 1));

        var status = await GetJsonAsync(admin, "admin/api/status");
        status.GetProperty("clustered").GetBoolean().ShouldBeTrue();
        status.GetProperty("nodes")[0].GetProperty("nodeId").GetString().ShouldBe("node0");
        status.GetProperty("cluster").GetProperty("users").GetInt32().ShouldBe(1);
        var online = await GetJsonAsync(admin, $"admin/api/users?online=true&q={ids[0]}");
        var row = online.GetProperty("users").EnumerateArray().Single();
        row.GetProperty("userId").GetString().ShouldBe(ids[0]);
        row.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()).ShouldBe(["node1"]);
        (await GetJsonAsync(api, $"api/v1/users/{ids[0]}")).GetProperty("online").GetBoolean().ShouldBeTrue("node 0's server API sees ann online on node 1");

        // Signing ann out from node 0 reaches her session on node 1.
        var watch = new SessionWatch(ann);
        using var signOut = await admin.PostAsync(new Uri($"admin/api/users/{ids[0]}/sign-out", UriKind.Relative), null);
        var done = JsonDocument.Parse(await signOut.Content.ReadAsStringAsync()).RootElement;
        done.GetProperty("kicked").GetInt32().ShouldBe(1, "the session listed on node 1");
        var stopped = await watch.EnteredAsync<ConnectionState.Stopped>();
        stopped.Kick.ShouldNotBeNull().Reason.ShouldBe(KickReason.LoggedOut);
        await Eventually.TrueAsync(
            async () => !(await GetJsonAsync(api, $"api/v1/users/{ids[0]}")).GetProperty("online").GetBoolean(), "ann is offline everywhere after the sign-out");
    }
}
