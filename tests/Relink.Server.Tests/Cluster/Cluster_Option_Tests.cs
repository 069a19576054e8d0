using Microsoft.Extensions.Configuration;
using Relink.Server.Configuration;
using Relink.Server.Hosting;

namespace Relink.Server.Tests.Cluster;

/// <summary>--nats and --node-id: read from flags and keys; NATS without PostgreSQL is refused at start with the reason.</summary>
public sealed class Cluster_Option_Tests
{
    [Fact]
    public void The_flags_and_keys_set_the_bus_and_the_node_name()
    {
        var options = Load("--postgres", "Host=db", "--nats", "nats://10.0.0.5:4222", "--node-id", "node-a");
        options.Nats.ShouldBe("nats://10.0.0.5:4222");
        options.EffectiveNodeId.ShouldBe("node-a");
        Load("--Relink:Postgres=Host=db", "--Relink:Nats=nats://bus:4222").Nats.ShouldBe("nats://bus:4222");
    }

    [Fact]
    public void Without_a_node_id_the_node_is_named_by_its_host_and_tcp_port()
    {
        Load("--tcp-port", "7400").EffectiveNodeId.ShouldBe($"{Environment.MachineName}:7400");
        Load().Nats.ShouldBeNull("no bus: one node");
    }

    [Fact]
    public void Nats_without_postgres_is_refused_at_start_saying_nodes_cannot_share_sqlite()
    {
        var error = Should.Throw<ArgumentException>(() => RelinkServerHost.Build(["--nats", "nats://127.0.0.1:4222"]));

        error.Message.ShouldContain("Nats needs Postgres");
        error.Message.ShouldContain("SQLite");
    }

    [Theory]
    [InlineData("--nats=http://127.0.0.1:4222")]
    [InlineData("--nats=127.0.0.1:4222")]
    public void A_wrong_bus_url_is_refused_naming_the_setting(string arg)
    {
        var error = Should.Throw<ArgumentException>(() => RelinkServerHost.Build(["--postgres", "Host=db", arg]));

        error.Message.ShouldContain("Nats must be a URL");
    }

    private static RelinkServerOptions Load(params string[] args) =>
        RelinkServerOptions.Load(new ConfigurationBuilder().AddCommandLine(CommandLineFlags.Normalize(args)).Build().GetSection(RelinkServerOptions.Section));
}
