using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Relink.Protocol.Messages;
using Relink.Server.Configuration;
using Relink.Server.Hosting;
using Relink.Storage;
using Relink.Storage.Sqlite;
using Relink.Testing;
using Body = Relink.Protocol.Messages.Envelope.BodyOneofCase;

namespace Relink.Server.Tests.Hosting;

/// <summary>Relink inside somebody's ASP.NET Core app: AddRelink, MapRelink, UseRelinkTcp.</summary>
public sealed class Embedding_Tests
{
    [Fact]
    public async Task Under_a_prefix_Relink_serves_its_WebSocket_and_health_beside_the_apps_own_routes()
    {
        await using var app = await EmbeddingApp.StartAsync(a =>
        {
            a.MapGet("/healthz", () => "the app's own");
            a.MapRelink("/chat");
        });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{app.HttpPort}") };

        (await http.GetStringAsync("/healthz")).ShouldBe("the app's own");
        (await http.GetFromJsonAsync<JsonElement>("/chat/healthz")).GetProperty("status").GetString().ShouldBe("ok");

        string userId = Users.Unique("emb");
        await using var socket = await AppSocket.ConnectAsync(app.HttpPort, userId: null, path: "/chat/ws");
        (await socket.RequestAsync(new Envelope { Register = new RegisterRequest { UserId = userId, Password = Users.Password } })).BodyCase.ShouldBe(Body.RegisterOk);
        (await socket.RequestAsync(new Envelope { Login = new LoginRequest { UserId = userId, Password = Users.Password } })).BodyCase.ShouldBe(Body.LoginOk);
    }

    [Fact]
    public async Task The_TCP_listener_is_a_Kestrel_endpoint_of_the_app_sharing_its_users_with_the_WebSocket()
    {
        await using var app = await EmbeddingApp.StartAsync(tcp: true);
        string userId = Users.Unique("emb");
        await using (var socket = await AppSocket.ConnectAsync(app.HttpPort, userId: null))
        {
            (await socket.RequestAsync(new Envelope { Register = new RegisterRequest { UserId = userId, Password = Users.Password } })).BodyCase.ShouldBe(Body.RegisterOk);
        }

        await using var tcp = await Users.LoginAsync(app.TcpPort!.Value, userId);
        tcp.State.Profile.UserId.ShouldBe(userId);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_store_the_app_registers_wins_whether_before_or_after_AddRelink(bool before)
    {
        using var folder = new TempDirectory();
        await using var own = new SqliteChatStore(new SqliteStoreOptions { DatabasePath = Path.Combine(folder.Path, "own.db") });
        var services = new ServiceCollection();
        if (before)
        {
            services.AddSingleton<IChatStore>(own);
        }

        services.AddRelink(o => o.DataDirectory = folder.Path);
        if (!before)
        {
            services.AddSingleton<IChatStore>(own);
        }

        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IChatStore>().ShouldBeSameAs(own);
    }

    [Fact]
    public void AddRelink_reads_the_apps_Relink_section_then_the_code_and_makes_no_demo_users_unless_asked()
    {
        var configuration = Configuration(new() { ["Relink:LatestPerTalk"] = "20", ["Relink:HeartbeatInterval"] = "5s" });

        var options = Options(services => services.AddRelink(configuration, o => o.LatestPerTalk = 30));

        options.LatestPerTalk.ShouldBe(30);
        options.HeartbeatInterval.ShouldBe(TimeSpan.FromSeconds(5));
        options.Demo.ShouldBeFalse();
        Options(services => services.AddRelink(Configuration(new() { ["Relink:Demo"] = "true" }))).Demo.ShouldBeTrue();
    }

    [Fact]
    public void A_wrong_setting_is_refused_at_AddRelink_naming_its_key() =>
        Should.Throw<ArgumentException>(() => new ServiceCollection().AddRelink(Configuration(new() { ["Relink:MaxClientFrame"] = "lots" })))
            .Message.ShouldContain("MaxClientFrame");

    [Fact]
    public void MapRelink_without_AddRelink_says_what_is_missing()
    {
        var app = WebApplication.CreateSlimBuilder().Build();

        Should.Throw<InvalidOperationException>(() => app.MapRelink()).Message.ShouldContain("AddRelink");
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    private static RelinkServerOptions Options(Action<IServiceCollection> register)
    {
        var services = new ServiceCollection();
        register(services);
        return (RelinkServerOptions)services.Single(d => d.ServiceType == typeof(RelinkServerOptions)).ImplementationInstance!;
    }
}
