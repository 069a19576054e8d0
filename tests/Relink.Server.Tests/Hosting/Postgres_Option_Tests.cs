using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Relink.Server.Configuration;
using Relink.Server.Hosting;
using Relink.Storage;
using Relink.Storage.Postgres;
using Relink.Storage.Sqlite;

namespace Relink.Server.Tests.Hosting;

/// <summary>--postgres picks the PostgreSQL store; without it the server keeps SQLite; a wrong value is refused by name.</summary>
public sealed class Postgres_Option_Tests
{
    [Fact]
    public async Task The_flag_and_the_key_select_the_postgres_store()
    {
        Load("--postgres", "Host=db;Database=relink").Postgres.ShouldBe("Host=db;Database=relink");
        Load("--Relink:Postgres=Host=db").Postgres.ShouldBe("Host=db");
        (await StoreOf(Load("--postgres", "Host=db;Database=relink"))).ShouldBeOfType<PostgresChatStore>();
    }

    [Fact]
    public async Task Without_it_the_store_is_sqlite()
    {
        Load().Postgres.ShouldBeNull();
        (await StoreOf(Load())).ShouldBeOfType<SqliteChatStore>();
    }

    [Theory]
    [InlineData("--postgres=Database=relink")]
    [InlineData("--postgres=Host=db;Multiplexing=true")]
    [InlineData("--postgres=Host=db;NoSuchKeyword=1")]
    public void A_wrong_connection_string_is_refused_naming_the_setting(string arg)
    {
        var error = Should.Throw<ArgumentException>(() => RelinkServerHost.Build([arg]));

        error.Message.ShouldContain("Postgres must be an Npgsql connection string");
    }

    private static async Task<IChatStore> StoreOf(RelinkServerOptions options)
    {
        var services = new ServiceCollection();
        RelinkServerHost.AddServices(services, options);
        await using var provider = services.BuildServiceProvider();
        // Built, not initialized: no database is reached.
        return provider.GetRequiredService<IChatStore>();
    }

    private static RelinkServerOptions Load(params string[] args) =>
        RelinkServerOptions.Load(new ConfigurationBuilder().AddCommandLine(CommandLineFlags.Normalize(args)).Build().GetSection(RelinkServerOptions.Section));
}
